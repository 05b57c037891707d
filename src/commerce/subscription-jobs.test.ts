import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { registerReader } from '../accounts/register.ts';
import { createMailer } from '../mail/mailer.ts';
import { startCheckout } from './checkout.ts';
import type { CommerceContext } from './commerce-context.ts';
import { findLatestSubscription } from './subscription-repository.ts';
import { cancelSubscription } from './manage-subscription.ts';
import { runSubscriptionJobs } from './subscription-jobs.ts';
import { runDunningJobs } from './dunning-jobs.ts';
import { payTestCheckout } from './test-mode/pay-test-checkout.ts';
import { findOpenCheckout } from './checkout.ts';
import { createTestPaymentProvider } from './test-mode/test-provider.ts';
import { createTestLedger } from '../../test/insights.ts';

const start = new Date('2026-11-20T12:00:00Z');
const day = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(start.getTime() + days * day);
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, start);
const outbox = path.join(mkdtempSync(path.join(tmpdir(), 'dateline-mail-')), 'outbox');
const ctx: CommerceContext = {
  db,
  dialect,
  provider: createTestPaymentProvider(),
  mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: outbox }),
  publicUrl: new URL('https://news.example/'),
  insights: createTestLedger({ db, dialect }),
};
let readers = 0;

function mailsTo(address: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(outbox);
  } catch {
    return [];
  }
  return files
    .map((file) => readFileSync(path.join(outbox, file), 'utf8'))
    .filter((mail) => mail.includes(`To: ${address}`))
    .map((mail) => mail.match(/^Subject: (.*)$/m)?.[1] ?? '');
}

async function subscribe(offerSlug: string): Promise<{ accountId: number; email: string }> {
  const email = `jobs${++readers}@example.org`;
  const account = await registerReader(db, { email, name: '', password: 'a long passphrase' }, start);
  const { redirectUrl } = await startCheckout(ctx, { account, offerSlug, now: start });
  const checkout = await findOpenCheckout(db, { checkoutId: redirectUrl.split('/').at(-1) ?? '', accountId: account.id });
  assert.ok(checkout);
  assert.equal((await payTestCheckout(ctx, { checkout, cardNumber: '4242424242424242', expiry: { month: 12, year: 2030 }, now: start })).kind, 'paid');
  return { accountId: account.id, email };
}

const statusOf = async (accountId: number) => (await findLatestSubscription(db, accountId))?.state;

describe(`the subscription job loop (${dialect})`, () => {
  it('reminds a trialing reader once, three days before the trial ends, however many instances run', async () => {
    const { email } = await subscribe('trial');
    await Promise.all([runSubscriptionJobs(ctx, at(10)), runSubscriptionJobs(ctx, at(10))]);
    assert.equal(mailsTo(email).filter((subject) => subject.includes('trial ends')).length, 0, 'not before the window');
    await Promise.all([runSubscriptionJobs(ctx, at(11.5)), runSubscriptionJobs(ctx, at(11.5)), runSubscriptionJobs(ctx, at(11.6))]);
    await runSubscriptionJobs(ctx, at(12));
    assert.equal(mailsTo(email).filter((subject) => subject.includes('trial ends')).length, 1);
  });

  it('converts a trial to paid at its end, with a receipt, charged once', async () => {
    const { accountId, email } = await subscribe('trial');
    await Promise.all([runSubscriptionJobs(ctx, at(14.1)), runSubscriptionJobs(ctx, at(14.1))]);
    const state = await statusOf(accountId);
    assert.equal(state?.status, 'active');
    assert.deepEqual(state?.currentPeriodEnd, new Date('2027-01-04T12:00:00Z'));
    assert.equal(mailsTo(email).filter((subject) => subject.startsWith('Your receipt')).length, 1);
  });

  it('moves a subscription whose card declines to past due, and to expired after the grace period, telling the reader each time', async () => {
    const { accountId, email } = await subscribe('intro');
    await db.updateTable('test_payment_methods').set({ is_declining: 1 }).where('account_id', '=', accountId).execute();
    await runSubscriptionJobs(ctx, at(30.1));
    assert.equal((await statusOf(accountId))?.status, 'past_due');
    // The job loop's next job, dunning, writes to the reader (dunning-jobs.test.ts follows its reminders).
    await runDunningJobs(ctx, at(30.1));
    assert.ok(mailsTo(email).some((subject) => subject.startsWith('We could not take your payment')));
    await runSubscriptionJobs(ctx, at(36));
    assert.equal((await statusOf(accountId))?.status, 'past_due');
    await runSubscriptionJobs(ctx, at(37.2));
    const ended = await statusOf(accountId);
    assert.deepEqual([ended?.status, ended?.endedFrom], ['expired', 'subscription']);
    assert.ok(mailsTo(email).some((subject) => subject.includes('subscription has ended')));
  });

  it("charges the introductory price for the offer's periods, then the full price", async () => {
    const { accountId, email } = await subscribe('intro');
    await runSubscriptionJobs(ctx, at(30.1));
    await runSubscriptionJobs(ctx, at(61.1));
    await runSubscriptionJobs(ctx, at(92.1));
    const receipts = readdirSync(outbox)
      .map((file) => readFileSync(path.join(outbox, file), 'utf8'))
      .filter((mail) => mail.includes(`To: ${email}`) && mail.includes('Subject: Your receipt'))
      .map((mail) => mail.match(/payment of (\$[\d.]+)/)?.[1]);
    assert.deepEqual(receipts.sort(), ['$15', '$3', '$3', '$3'].sort());
    assert.equal((await findLatestSubscription(db, accountId))?.introPeriodsLeft, 0);
  });

  it('ends a canceled subscription at the end of its period', async () => {
    const { accountId } = await subscribe('intro');
    await cancelSubscription(ctx, { accountId, now: at(5) });
    await runSubscriptionJobs(ctx, at(29));
    assert.equal((await statusOf(accountId))?.status, 'canceled');
    await runSubscriptionJobs(ctx, at(30.1));
    assert.deepEqual([(await statusOf(accountId))?.status, (await statusOf(accountId))?.endedFrom], ['expired', 'subscription']);
  });

  it('ends a trial canceled before it converts, as a trial', async () => {
    const { accountId } = await subscribe('trial');
    await cancelSubscription(ctx, { accountId, now: at(2) });
    await runSubscriptionJobs(ctx, at(14.1));
    const state = await statusOf(accountId);
    assert.deepEqual([state?.status, state?.endedFrom], ['expired', 'trial']);
  });
});
