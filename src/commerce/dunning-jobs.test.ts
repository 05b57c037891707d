import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { addActiveSubscription, seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { registerReader } from '../accounts/register.ts';
import { createMailer } from '../mail/mailer.ts';
import { findOpenCheckout, startCheckout } from './checkout.ts';
import type { CommerceContext } from './commerce-context.ts';
import { runDunningJobs } from './dunning-jobs.ts';
import { findPaymentCard } from './payment-cards.ts';
import { listPaymentsOf } from './payment-ledger.ts';
import { findLatestSubscription } from './subscription-repository.ts';
import { runSubscriptionJobs } from './subscription-jobs.ts';
import { payTestCheckout } from './test-mode/pay-test-checkout.ts';
import { keepTestCard } from './test-mode/test-card-on-file.ts';
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

function mailsTo(address: string): { subject: string; text: string }[] {
  let files: string[] = [];
  try {
    files = readdirSync(outbox);
  } catch {
    return [];
  }
  return (
    files
      .map((file) => readFileSync(path.join(outbox, file), 'utf8'))
      .filter((mail) => mail.includes(`To: ${address}`))
      // Quoted-printable soft line breaks undone, so the text reads as written.
      .map((mail) => ({ subject: mail.match(/^Subject: (.*)$/m)?.[1] ?? '', text: mail.replace(/=\n/g, '') }))
  );
}

const dunningSubjects = (address: string) =>
  mailsTo(address)
    .map(({ subject }) => subject)
    .filter((subject) => /could not take your payment|update your card|Last reminder/.test(subject));

async function subscribe(offerSlug: string, expiry = { month: 12, year: 2030 }): Promise<{ accountId: number; email: string }> {
  const email = `dunning${++readers}@example.org`;
  const account = await registerReader(db, { email, name: '', password: 'a long passphrase' }, start);
  const { redirectUrl } = await startCheckout(ctx, { account, offerSlug, now: start });
  const checkout = await findOpenCheckout(db, { checkoutId: redirectUrl.split('/').at(-1) ?? '', accountId: account.id });
  assert.ok(checkout);
  assert.equal((await payTestCheckout(ctx, { checkout, cardNumber: '4242424242424242', expiry, now: start })).kind, 'paid');
  return { accountId: account.id, email };
}

/** The job loop's pass, as serve.ts runs it: renewals first, then dunning; here twice at once, as two instances would. */
async function runJobsAt(now: Date): Promise<void> {
  await Promise.all([runSubscriptionJobs(ctx, now), runSubscriptionJobs(ctx, now)]);
  await Promise.all([runDunningJobs(ctx, now), runDunningJobs(ctx, now)]);
}

/** Puts a card on file that declines, and runs the jobs when the renewal is due. */
async function failRenewal(accountId: number, renewalDay = 30.1): Promise<void> {
  assert.deepEqual(await keepTestCard(db, { accountId, cardNumber: '4000 0000 0000 0341', expiry: { month: 12, year: 2030 }, now: at(1) }), {
    kind: 'kept',
    last4: '0341',
  });
  await runJobsAt(at(renewalDay));
  assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'past_due');
}

describe(`dunning on the job loop (${dialect})`, () => {
  it('writes the first charge and every renewal, taken or failed, to the ledger once', async () => {
    const { accountId } = await subscribe('intro');
    await runJobsAt(at(30.1));
    await failRenewal(accountId, 61.1);
    const lines = (await listPaymentsOf(db, accountId)).map(({ kind, status, amountMinor, currency, provider }) => ({
      kind,
      status,
      amountMinor,
      currency,
      provider,
    }));
    assert.deepEqual(lines, [
      { kind: 'charge', status: 'failed', amountMinor: 300, currency: 'USD', provider: 'test' },
      { kind: 'charge', status: 'succeeded', amountMinor: 300, currency: 'USD', provider: 'test' },
      { kind: 'charge', status: 'succeeded', amountMinor: 300, currency: 'USD', provider: 'test' },
    ]);
  });

  it('reminds the reader on days 0, 3 and 6 of the grace period, once each however many instances run, and never after', async () => {
    const { accountId, email } = await subscribe('intro');
    await failRenewal(accountId);
    assert.deepEqual(dunningSubjects(email), ['We could not take your payment for Dateline']);
    await runJobsAt(at(31));
    await runJobsAt(at(33));
    assert.equal(dunningSubjects(email).length, 1, 'nothing between day 0 and day 3');
    await runJobsAt(at(33.2));
    await runJobsAt(at(35));
    assert.equal(dunningSubjects(email).length, 2);
    assert.match(dunningSubjects(email)[1] ?? '', /^Reminder: please update your card/);
    await runJobsAt(at(36.2));
    await runJobsAt(at(36.9));
    assert.equal(dunningSubjects(email).length, 3);
    assert.match(dunningSubjects(email)[2] ?? '', /^Last reminder: your access to .* ends on/);
    await runJobsAt(at(37.2));
    await runJobsAt(at(40));
    assert.equal(dunningSubjects(email).length, 3);
    assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'expired');
    const reminder = mailsTo(email).find(({ subject }) => subject.startsWith('Reminder'));
    assert.match(reminder?.text ?? '', /https:\/\/news\.example\/account\/card/);
  });

  it('charges again once the reader puts in a working card, and stops the reminders', async () => {
    const { accountId, email } = await subscribe('intro');
    await failRenewal(accountId);
    await runJobsAt(at(31));
    assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'past_due', 'a declining card is not tried again');
    await keepTestCard(db, { accountId, cardNumber: '4242 4242 4242 4242', expiry: { month: 12, year: 2031 }, now: at(31.5) });
    await runJobsAt(at(31.6));
    const state = (await findLatestSubscription(db, accountId))?.state;
    assert.equal(state?.status, 'active');
    assert.deepEqual(state?.currentPeriodEnd, new Date('2027-01-20T12:00:00Z'));
    assert.deepEqual(
      (await listPaymentsOf(db, accountId)).map(({ status }) => status),
      ['succeeded', 'failed', 'succeeded'],
    );
    await runJobsAt(at(33.2));
    await runJobsAt(at(36.2));
    assert.equal(dunningSubjects(email).length, 1);
  });

  it('fails the renewal of a subscription with no card on file, rather than leaving it be', async () => {
    const account = await registerReader(db, { email: `dunning${++readers}@example.org`, name: '', password: 'a long passphrase' }, start);
    const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
    await addActiveSubscription(db, { accountId: account.id, planId: plan.id, now: start });
    await runJobsAt(at(30.1));
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'past_due');
    assert.deepEqual(
      (await listPaymentsOf(db, account.id)).map(({ status, amountMinor }) => ({ status, amountMinor })),
      [{ status: 'failed', amountMinor: 1500 }],
    );
  });

  it('refuses a declined card on file and keeps the one there', async () => {
    const { accountId } = await subscribe('intro');
    assert.deepEqual(await keepTestCard(db, { accountId, cardNumber: '4000000000000002', expiry: { month: 1, year: 2031 }, now: at(1) }), { kind: 'declined' });
    assert.deepEqual(await keepTestCard(db, { accountId, cardNumber: '4111111111111111', expiry: { month: 1, year: 2031 }, now: at(1) }), {
      kind: 'not-a-test-card',
    });
    assert.equal((await findPaymentCard(db, accountId))?.last4, '4242');
  });

  it('warns a subscriber once, 30 days before their card runs out, and again for a new card', async () => {
    const { accountId, email } = await subscribe('intro', { month: 12, year: 2026 });
    const warnings = () => mailsTo(email).filter(({ subject }) => subject.includes('expires soon'));
    await runDunningJobs(ctx, at(11.4));
    assert.equal(warnings().length, 0, 'not before 30 days ahead (2 December)');
    await Promise.all([runDunningJobs(ctx, at(12)), runDunningJobs(ctx, at(12))]);
    await runDunningJobs(ctx, at(20));
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0]?.text ?? '', /ending 4242 .* expires at the end of December 2026/s);
    await keepTestCard(db, { accountId, cardNumber: '4242424242424242', expiry: { month: 12, year: 2026 }, now: at(21) });
    await runDunningJobs(ctx, at(22));
    assert.equal(warnings().length, 1, 'the same card told again is not warned of twice');
    await keepTestCard(db, { accountId, cardNumber: '4242424242424242', expiry: { month: 1, year: 2027 }, now: at(23) });
    await runDunningJobs(ctx, at(24));
    assert.equal(warnings().length, 1, 'a card good until the end of January is warned of from 2 January');
    await runDunningJobs(ctx, at(44));
    assert.equal(warnings().length, 2);
  });

  it('does not warn a reader whose subscription will not renew', async () => {
    const { accountId, email } = await subscribe('intro', { month: 12, year: 2026 });
    await db.updateTable('subscriptions').set({ status: 'canceled', resume_to: 'active' }).where('account_id', '=', accountId).execute();
    await runDunningJobs(ctx, at(12));
    assert.equal(mailsTo(email).filter(({ subject }) => subject.includes('expires soon')).length, 0);
  });
});
