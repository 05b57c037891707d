import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import { createStripePaymentProvider } from '../commerce/stripe/stripe-provider.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { startStripeStandIn } from '../../test/stripe-stand-in.ts';
import { eraseReader } from './erase-reader.ts';

/**
 * The erasure ends a Stripe subscription at Stripe at once (the real SDK, against a stand-in for
 * Stripe's API on a local port), before it erases anything: while Stripe cannot be reached, nothing
 * is erased, so the reader is never erased and charged on.
 */
const database = await openTestDatabase();
const { db, dialect } = database;
const now = new Date('2026-11-20T17:00:00Z');
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const standIn = await startStripeStandIn({ prefix: `erase-${dialect}` });
after(() => standIn.stop().catch(() => {}));
const provider = createStripePaymentProvider({ stripe: async () => standIn.stripe, db });

/** A reader who subscribed through Stripe Checkout: the stand-in holds their live subscription. */
async function stripeSubscriber(tag: string): Promise<{ accountId: number; subscriptionId: string }> {
  const session = await standIn.stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://news.example/done', client_reference_id: tag });
  const { subscriptionId, customerId } = standIn.pay(session.id);
  const accountId = await insertAccount(db, { email: `${tag}@example.org`, name: tag, passwordHash: null, role: 'reader', now });
  await insertSubscription(
    db,
    {
      accountId,
      planId: plan.id,
      offerId: null,
      provider: 'stripe',
      providerSubscriptionId: subscriptionId,
      providerCustomerId: customerId,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status: 'active', currentPeriodEnd: new Date(now.getTime() + 86_400_000), trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
  return { accountId, subscriptionId };
}

const erase = (accountId: number) => eraseReader({ db, provider }, { accountId, requester: { kind: 'reader' }, now });

describe('erasing a Stripe subscriber', () => {
  it('cancels the subscription at Stripe at once, then erases the reader', async () => {
    const { accountId, subscriptionId } = await stripeSubscriber('stripe-reader');
    await erase(accountId);
    assert.ok(standIn.requests.includes(`DELETE /v1/subscriptions/${subscriptionId}`));
    assert.equal(await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst(), undefined);
    // Asked again, Stripe no longer has it live.
    await assert.rejects(standIn.stripe.subscriptions.cancel(subscriptionId), /No such subscription/);
  });

  it('erases a reader whose subscription Stripe has already ended', async () => {
    const { accountId, subscriptionId } = await stripeSubscriber('already-ended');
    await standIn.stripe.subscriptions.cancel(subscriptionId);
    await erase(accountId);
    assert.equal(await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst(), undefined);
  });

  it('erases nothing while Stripe cannot be reached, and erases once it can', async () => {
    const { accountId } = await stripeSubscriber('unreachable');
    await standIn.stop();
    try {
      await assert.rejects(erase(accountId));
      assert.ok(await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst());
      assert.equal((await db.selectFrom('subscriptions').select('status').where('account_id', '=', accountId).executeTakeFirstOrThrow()).status, 'active');
    } finally {
      await standIn.start();
    }
    await erase(accountId);
    assert.equal(await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst(), undefined);
  });
});
