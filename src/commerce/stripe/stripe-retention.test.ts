import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthly, yearly } from '../../../test/catalogue-fixtures.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { findLatestSubscription, insertSubscription } from '../subscription-repository.ts';
import { createStripePaymentProvider } from './stripe-provider.ts';
import { startScriptedStripe, type StripeAnswer } from '../../../test/scripted-stripe.ts';

/**
 * Stripe's API for what a retention offer and a restart ask of it (coupons, and subscriptions
 * updated, read and made), on a local port for the real SDK: each request is kept with its form,
 * so the test reads what Dateline asked for. A customer named `cus_declining` has a card that fails.
 */
const periodEnd = Math.floor(Date.parse('2027-01-21T17:00:00Z') / 1000);
const { stripe, asked } = await startScriptedStripe(({ method, path, form }): StripeAnswer | undefined => {
  const item = { id: 'si_1', object: 'subscription_item', price: { id: 'price_1', object: 'price', product: 'prod_digital' }, current_period_end: periodEnd };
  if (method === 'POST' && path === '/v1/coupons') return [200, { id: 'coupon_stay', object: 'coupon', percent_off: Number(form.get('percent_off')) }];
  if (method === 'POST' && path === '/v1/subscriptions') {
    if (form.get('customer') === 'cus_declining') {
      return [402, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } }];
    }
    return [200, { id: 'sub_again', object: 'subscription', status: 'active', items: { object: 'list', data: [item] } }];
  }
  const one = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
  if (one) return [200, { id: one[1], object: 'subscription', status: 'active', discounts: ['di_intro'], items: { object: 'list', data: [item] } }];
  return undefined;
});

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
await seedCatalogue(db, now);
const provider = createStripePaymentProvider({ stripe: async () => stripe, db });
let readers = 0;

async function stripeSubscription({ customer, status }: { customer: string; status: 'active' | 'expired' }) {
  readers += 1;
  const accountId = await insertAccount(db, { email: `stripe${readers}@example.org`, name: '', passwordHash: null, role: 'reader', now });
  await insertSubscription(
    db,
    {
      accountId,
      planId: 1,
      offerId: null,
      provider: 'stripe',
      providerSubscriptionId: `sub_${readers}`,
      providerCustomerId: customer,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status, currentPeriodEnd: new Date('2026-12-20T17:00:00Z'), trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
  const subscription = await findLatestSubscription(db, accountId);
  assert.ok(subscription);
  return subscription;
}

const lastAsked = (method: string, path: string) => asked.filter((request) => request.method === method && request.path === path).at(-1);

describe(`a retention offer and a restart through Stripe (${database.dialect})`, () => {
  it('puts a discount on the subscription as a repeating coupon for the months it covers', async () => {
    const subscription = await stripeSubscription({ customer: 'cus_1', status: 'active' });
    await provider.applyRetentionOffer(subscription, { kind: 'discount', percentOff: 50, durationInMonths: 3 });
    const coupon = lastAsked('POST', '/v1/coupons');
    assert.equal(coupon?.form.get('percent_off'), '50');
    assert.equal(coupon?.form.get('duration'), 'repeating');
    assert.equal(coupon?.form.get('duration_in_months'), '3');
    const update = lastAsked('POST', `/v1/subscriptions/${subscription.providerSubscriptionId}`);
    // The introductory offer's discount stays; the retention coupon comes beside it.
    assert.equal(update?.form.get('discounts[0][discount]'), 'di_intro');
    assert.equal(update?.form.get('discounts[1][coupon]'), 'coupon_stay');
  });

  it('pauses collection until the pause ends, dropping the invoices meanwhile', async () => {
    const subscription = await stripeSubscription({ customer: 'cus_2', status: 'active' });
    await provider.applyRetentionOffer(subscription, { kind: 'pause', resumesAt: new Date('2027-02-20T17:00:00Z') });
    const update = lastAsked('POST', `/v1/subscriptions/${subscription.providerSubscriptionId}`);
    assert.equal(update?.form.get('pause_collection[behavior]'), 'void');
    assert.equal(update?.form.get('pause_collection[resumes_at]'), String(Date.parse('2027-02-20T17:00:00Z') / 1000));
  });

  it('restarts an ended subscription for the same customer and product at the plan’s price, charged at once or not at all', async () => {
    const ended = await stripeSubscription({ customer: 'cus_3', status: 'expired' });
    const outcome = await provider.restartSubscription({ ended, plan: monthly });
    assert.deepEqual(outcome, {
      kind: 'started',
      providerSubscriptionId: 'sub_again',
      providerCustomerId: 'cus_3',
      currentPeriodEnd: new Date(periodEnd * 1000),
      amountMinor: 1500,
    });
    const created = lastAsked('POST', '/v1/subscriptions');
    assert.equal(created?.form.get('customer'), 'cus_3');
    assert.equal(created?.form.get('items[0][price_data][product]'), 'prod_digital');
    assert.equal(created?.form.get('items[0][price_data][unit_amount]'), '1500');
    assert.equal(created?.form.get('items[0][price_data][recurring][interval]'), 'month');
    assert.equal(created?.form.get('payment_behavior'), 'error_if_incomplete');
    assert.equal((await provider.restartSubscription({ ended, plan: yearly })).kind, 'started');
    assert.equal(lastAsked('POST', '/v1/subscriptions')?.form.get('items[0][price_data][recurring][interval]'), 'year');
  });

  it('says a declined card is declined, so the reader goes through checkout instead', async () => {
    const ended = await stripeSubscription({ customer: 'cus_declining', status: 'expired' });
    assert.deepEqual(await provider.restartSubscription({ ended, plan: monthly }), { kind: 'declined' });
  });
});
