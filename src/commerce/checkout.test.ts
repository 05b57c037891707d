import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { registerReader } from '../accounts/register.ts';
import { createMailer } from '../mail/mailer.ts';
import { CheckoutRefusedError, completeCheckout, findOpenCheckout, startCheckout } from './checkout.ts';
import { settleCheckoutReturn } from './checkout-return.ts';
import type { CommerceContext } from './commerce-context.ts';
import { findLatestSubscription } from './subscription-repository.ts';
import { payTestCheckout } from './test-mode/pay-test-checkout.ts';
import { createTestPaymentProvider } from './test-mode/test-provider.ts';
import { createTestLedger } from '../../test/insights.ts';

const now = new Date('2026-11-20T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, now);
const ctx: CommerceContext = {
  db,
  dialect,
  provider: createTestPaymentProvider(),
  mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: path.join(mkdtempSync(path.join(tmpdir(), 'dateline-mail-')), 'outbox') }),
  publicUrl: new URL('https://news.example/'),
  insights: createTestLedger({ db, dialect }),
};
let readers = 0;
const newReader = () => registerReader(db, { email: `subscriber${++readers}@example.org`, name: '', password: 'a long passphrase' }, now);
const checkoutIdOf = (redirectUrl: string) => redirectUrl.split('/').at(-1) ?? '';

async function refused(promise: Promise<unknown>, problem: string) {
  await assert.rejects(promise, (error) => error instanceof CheckoutRefusedError && error.problem === problem);
}

describe(`checking out (${dialect})`, () => {
  it('starts a subscription at the introductory price, paid with the test card', async () => {
    const account = await newReader();
    const { redirectUrl } = await startCheckout(ctx, { account, offerSlug: 'intro', now });
    assert.match(redirectUrl, /^\/checkout\/test\/[A-Za-z0-9_-]{43}$/);
    const checkout = await findOpenCheckout(db, { checkoutId: checkoutIdOf(redirectUrl), accountId: account.id });
    assert.ok(checkout);
    assert.deepEqual(await payTestCheckout(ctx, { checkout, cardNumber: '4000 0000 0000 0002', expiry: { month: 12, year: 2030 }, now }), { kind: 'declined' });
    assert.equal(await findLatestSubscription(db, account.id), undefined);
    const paid = await payTestCheckout(ctx, { checkout, cardNumber: '4242 4242 4242 4242', expiry: { month: 12, year: 2030 }, now });
    assert.equal(paid.kind, 'paid');
    const subscription = await findLatestSubscription(db, account.id);
    assert.equal(subscription?.state.status, 'active');
    assert.equal(subscription?.introPeriodsLeft, 2);
    assert.deepEqual(subscription?.state.currentPeriodEnd, new Date('2026-12-20T12:00:00Z'));
  });

  it('starts a free trial once per reader', async () => {
    const account = await newReader();
    const { redirectUrl } = await startCheckout(ctx, { account, offerSlug: 'trial', now });
    await completeCheckout(db, { checkoutId: checkoutIdOf(redirectUrl), now });
    const subscription = await findLatestSubscription(db, account.id);
    assert.equal(subscription?.state.status, 'trialing');
    assert.deepEqual(subscription?.state.trialEnd, new Date('2026-12-04T12:00:00Z'));
    await db.updateTable('subscriptions').set({ status: 'expired', ended_from: 'trial' }).where('account_id', '=', account.id).execute();
    await refused(startCheckout(ctx, { account, offerSlug: 'trial', now }), 'trial-used');
  });

  it('refuses offers that have ended, are sold out, belong to a retired plan, or do not exist, even when asked directly', async () => {
    const account = await newReader();
    await refused(startCheckout(ctx, { account, offerSlug: 'ended', now }), 'ended');
    await refused(startCheckout(ctx, { account, offerSlug: 'print', now }), 'plan-retired');
    await refused(startCheckout(ctx, { account, offerSlug: 'no-such-offer', now }), 'unknown-offer');
    const first = await startCheckout(ctx, { account, offerSlug: 'limited', now });
    const other = await newReader();
    const second = await startCheckout(ctx, { account: other, offerSlug: 'limited', now });
    await completeCheckout(db, { checkoutId: checkoutIdOf(first.redirectUrl), now });
    await refused(completeCheckout(db, { checkoutId: checkoutIdOf(second.redirectUrl), now }), 'sold-out');
    await refused(startCheckout(ctx, { account: other, offerSlug: 'limited', now }), 'sold-out');
  });

  it('completes a checkout once, however often it is submitted', async () => {
    const account = await newReader();
    const { redirectUrl } = await startCheckout(ctx, { account, offerSlug: 'intro', now });
    const checkoutId = checkoutIdOf(redirectUrl);
    const results = await Promise.allSettled([completeCheckout(db, { checkoutId, now }), completeCheckout(db, { checkoutId, now })]);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    const count = await db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  it('makes one subscription of a double-clicked subscribe button', async () => {
    const account = await newReader();
    const [a, b] = await Promise.all([startCheckout(ctx, { account, offerSlug: 'intro', now }), startCheckout(ctx, { account, offerSlug: 'intro', now })]);
    const results = await Promise.allSettled([
      completeCheckout(db, { checkoutId: checkoutIdOf(a.redirectUrl), now }),
      completeCheckout(db, { checkoutId: checkoutIdOf(b.redirectUrl), now }),
    ]);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    const rejected = results.find((result) => result.status === 'rejected');
    assert.ok(
      rejected && rejected.status === 'rejected' && rejected.reason instanceof CheckoutRefusedError && rejected.reason.problem === 'already-subscribed',
    );
    await refused(startCheckout(ctx, { account, offerSlug: 'intro', now }), 'already-subscribed');
  });

  it('keeps the page the reader subscribed from with the checkout, for that reader alone', async () => {
    const account = await newReader();
    const other = await newReader();
    const fromArticle = checkoutIdOf((await startCheckout(ctx, { account, offerSlug: 'intro', returnPath: '/world/harbour-strike', now })).redirectUrl);
    const fromNowhere = checkoutIdOf((await startCheckout(ctx, { account, offerSlug: 'trial', now })).redirectUrl);
    await completeCheckout(db, { checkoutId: fromArticle, now });
    assert.deepEqual(await settleCheckoutReturn(ctx, { checkoutId: fromArticle, accountId: account.id, now }), {
      kind: 'subscribed',
      returnPath: '/world/harbour-strike',
    });
    // Open, and in test mode never paid: back to the offer, with nowhere in particular to return to.
    assert.deepEqual(await settleCheckoutReturn(ctx, { checkoutId: fromNowhere, accountId: account.id, now }), {
      kind: 'unpaid',
      returnPath: null,
      offerSlug: 'trial',
    });
    assert.deepEqual(await settleCheckoutReturn(ctx, { checkoutId: fromArticle, accountId: other.id, now }), { kind: 'not-found' });
  });
});
