import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { findPlanById, savePlan } from '../catalogue-repository.ts';
import { findLatestSubscription, insertSubscription } from '../subscription-repository.ts';
import { createStripePaymentProvider } from './stripe-provider.ts';
import { startScriptedStripe, type StripeAnswer } from '../../../test/scripted-stripe.ts';

/**
 * Stripe's API for what a plan change asks of it (subscriptions read and updated, prices made and
 * read, subscription schedules made, read, updated and released), on a local port for the real SDK.
 * `sub_declining` has a card that fails; `sub_scheduled` already has a schedule.
 */
const phaseStart = Math.floor(Date.parse('2026-11-20T17:00:00Z') / 1000);
const phaseEnd = Math.floor(Date.parse('2026-12-20T17:00:00Z') / 1000);
let prices = 0;
const { stripe, asked } = await startScriptedStripe(({ method, path, form }): StripeAnswer | undefined => {
  const schedule = (id: string) => ({
    id,
    object: 'subscription_schedule',
    phases: [{ start_date: phaseStart, end_date: phaseEnd, items: [{ price: 'price_current' }] }],
  });
  const price = (id: string, unitAmount: number) => ({
    id,
    object: 'price',
    active: true,
    unit_amount: unitAmount,
    currency: 'usd',
    recurring: { interval: 'month' },
  });
  if (method === 'POST' && path === '/v1/prices') {
    prices += 1;
    return [200, price(`price_made_${prices}`, Number(form.get('unit_amount')))];
  }
  const onePrice = /^\/v1\/prices\/([^/]+)$/.exec(path);
  // A stored price still at the plan's amount, as Stripe keeps it.
  if (onePrice) return [200, price(onePrice[1] ?? '', 2500)];
  if (method === 'POST' && path === '/v1/subscription_schedules') return [200, schedule('sched_new')];
  const release = /^\/v1\/subscription_schedules\/([^/]+)\/release$/.exec(path);
  if (release) return [200, { id: release[1], object: 'subscription_schedule', status: 'released' }];
  const oneSchedule = /^\/v1\/subscription_schedules\/([^/]+)$/.exec(path);
  if (oneSchedule) return [200, schedule(oneSchedule[1] ?? '')];
  const one = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
  if (one && method === 'POST' && one[1] === 'sub_declining') {
    return [402, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } }];
  }
  if (one) {
    const item = {
      id: 'si_1',
      object: 'subscription_item',
      price: { id: 'price_current', object: 'price', product: 'prod_digital' },
      current_period_end: phaseEnd,
    };
    return [
      200,
      {
        id: one[1],
        object: 'subscription',
        status: 'active',
        schedule: one[1] === 'sub_scheduled' ? 'sched_kept' : null,
        items: { object: 'list', data: [item] },
      },
    ];
  }
  return undefined;
});

const now = new Date('2026-12-05T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
await seedCatalogue(db, now);
const premiumId = await savePlan(
  db,
  { slug: 'premium', name: 'Premium', benefits: [], priceMinor: 2500, currency: 'USD', interval: 'month', isActive: true },
  now,
);
const premium = await findPlanById(db, premiumId);
assert.ok(premium);
const provider = createStripePaymentProvider({ stripe: async () => stripe, db });
let readers = 0;

async function stripeSubscription(providerSubscriptionId: string) {
  readers += 1;
  const accountId = await insertAccount(db, { email: `changer${readers}@example.org`, name: '', passwordHash: null, role: 'reader', now });
  await insertSubscription(
    db,
    {
      accountId,
      planId: 1,
      offerId: null,
      provider: 'stripe',
      providerSubscriptionId,
      providerCustomerId: 'cus_1',
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status: 'active', currentPeriodEnd: new Date(phaseEnd * 1000), trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
  const subscription = await findLatestSubscription(db, accountId);
  assert.ok(subscription);
  return subscription;
}

const lastAsked = (method: string, path: string) => asked.filter((request) => request.method === method && request.path === path).at(-1);

describe(`a plan change through Stripe (${database.dialect})`, () => {
  it('moves the subscription item to a price of the plan that names it, invoicing the proration now, and keeps that price for the next change', async () => {
    const subscription = await stripeSubscription('sub_up');
    assert.deepEqual(await provider.changePlanNow({ subscription, plan: premium, isTrial: false }), { kind: 'charged' });
    const made = lastAsked('POST', '/v1/prices');
    assert.equal(made?.form.get('unit_amount'), '2500');
    assert.equal(made?.form.get('recurring[interval]'), 'month');
    assert.equal(made?.form.get('metadata[datelinePlanId]'), String(premiumId));
    const update = lastAsked('POST', '/v1/subscriptions/sub_up');
    assert.equal(update?.form.get('items[0][id]'), 'si_1');
    assert.equal(update?.form.get('items[0][price]'), 'price_made_1');
    assert.equal(update?.form.get('proration_behavior'), 'always_invoice');
    assert.equal(update?.form.get('payment_behavior'), 'error_if_incomplete');

    const again = await stripeSubscription('sub_up_again');
    await provider.changePlanNow({ subscription: again, plan: premium, isTrial: true });
    assert.equal(prices, 1, 'the stored price is used again while it still bills the plan');
    assert.equal(lastAsked('POST', '/v1/subscriptions/sub_up_again')?.form.get('proration_behavior'), 'none', 'nothing to prorate in a trial');
  });

  it('says a declined card is declined', async () => {
    const subscription = await stripeSubscription('sub_declining');
    assert.deepEqual(await provider.changePlanNow({ subscription, plan: premium, isTrial: false }), { kind: 'declined' });
  });

  it('schedules a downgrade as a second phase at the new price from the period end, then releases the schedule', async () => {
    const subscription = await stripeSubscription('sub_down');
    const digital = await findPlanById(db, 1);
    assert.ok(digital);
    await provider.schedulePlanChange({ subscription, plan: digital, at: new Date(phaseEnd * 1000) });
    assert.equal(lastAsked('POST', '/v1/subscription_schedules')?.form.get('from_subscription'), 'sub_down');
    const update = lastAsked('POST', '/v1/subscription_schedules/sched_new');
    assert.equal(update?.form.get('end_behavior'), 'release');
    assert.equal(update?.form.get('phases[0][items][0][price]'), 'price_current');
    assert.equal(update?.form.get('phases[0][start_date]'), String(phaseStart));
    assert.equal(update?.form.get('phases[0][end_date]'), String(phaseEnd));
    assert.match(update?.form.get('phases[1][items][0][price]') ?? '', /^price_made_/);
    assert.equal(update?.form.get('phases[1][duration][interval]'), 'month');
  });

  it('changes the schedule a subscription already has, and releases it to call the change off', async () => {
    const subscription = await stripeSubscription('sub_scheduled');
    const digital = await findPlanById(db, 1);
    assert.ok(digital);
    const made = asked.filter((request) => request.path === '/v1/subscription_schedules' && request.method === 'POST').length;
    await provider.schedulePlanChange({ subscription, plan: digital, at: new Date(phaseEnd * 1000) });
    assert.equal(asked.filter((request) => request.path === '/v1/subscription_schedules' && request.method === 'POST').length, made, 'no second schedule');
    assert.ok(lastAsked('POST', '/v1/subscription_schedules/sched_kept'));
    await provider.withdrawPlanChange(subscription);
    assert.ok(lastAsked('POST', '/v1/subscription_schedules/sched_kept/release'));
  });
});
