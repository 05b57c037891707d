import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import type { Account } from '../../accounts/account.ts';
import { findPlanById } from '../catalogue-repository.ts';
import { createStripePaymentProvider } from './stripe-provider.ts';
import { startScriptedStripe, type StripeAnswer } from '../../../test/scripted-stripe.ts';

/**
 * Stripe's API for what a company's seats ask of it (prices made, Checkout Sessions made,
 * subscriptions read and updated), on a local port for the real SDK. `sub_declining` has a card
 * that fails.
 */
const { stripe, asked } = await startScriptedStripe(({ method, path, form }): StripeAnswer | undefined => {
  if (method === 'POST' && path === '/v1/prices') {
    return [
      200,
      {
        id: 'price_seat',
        object: 'price',
        active: true,
        unit_amount: Number(form.get('unit_amount')),
        currency: 'usd',
        recurring: { interval: 'month' },
      },
    ];
  }
  if (method === 'POST' && path === '/v1/checkout/sessions') {
    return [200, { id: 'cs_seats', object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_seats' }];
  }
  const one = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
  if (one && method === 'POST' && one[1] === 'sub_declining' && form.has('items[0][quantity]')) {
    return [402, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } }];
  }
  if (one) {
    const item = { id: 'si_seats', object: 'subscription_item', quantity: 3, price: { id: 'price_seat', object: 'price' } };
    return [200, { id: one[1], object: 'subscription', status: 'active', items: { object: 'list', data: [item] } }];
  }
  return undefined;
});

const now = new Date('2026-12-05T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
await seedCatalogue(db, now);
const digitalRow = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const digital = await findPlanById(db, digitalRow.id);
assert.ok(digital);
const provider = createStripePaymentProvider({ stripe: async () => stripe, db });
const buyer: Account = { id: 1, email: 'buyer@example.org', name: 'Buyer', role: 'reader', hasPassword: false };

const lastUpdateOf = (id: string) => asked.filter((request) => request.method === 'POST' && request.path === `/v1/subscriptions/${id}`).at(-1)?.form;

describe(`a company's seats at Stripe (${database.dialect})`, () => {
  it("opens Checkout for the plan's price with the seats as its quantity, and the seat checkout on the subscription", async () => {
    const started = await provider.startSeatCheckout({
      checkoutId: 'seats_1',
      account: buyer,
      plan: digital,
      seats: 3,
      successUrl: 'https://news.example/organisations/buy/done?checkout=seats_1',
      cancelUrl: 'https://news.example/organisations/buy?left=1',
    });
    assert.deepEqual(started, { redirectUrl: 'https://checkout.stripe.com/c/pay/cs_seats', providerSessionId: 'cs_seats' });
    const session = asked.find((request) => request.path === '/v1/checkout/sessions')?.form;
    assert.equal(session?.get('mode'), 'subscription');
    assert.equal(session?.get('line_items[0][price]'), 'price_seat');
    assert.equal(session?.get('line_items[0][quantity]'), '3');
    assert.equal(session?.get('subscription_data[metadata][seatCheckoutId]'), 'seats_1');
    assert.equal(session?.get('customer_email'), 'buyer@example.org');
  });

  it('invoices added seats now and lowers the quantity without credit, and says when the card declines', async () => {
    assert.deepEqual(await provider.changeSeats({ providerSubscriptionId: 'sub_team', seats: 4, isIncrease: true }), { kind: 'charged' });
    let update = lastUpdateOf('sub_team');
    assert.equal(update?.get('items[0][id]'), 'si_seats');
    assert.equal(update?.get('items[0][quantity]'), '4');
    assert.equal(update?.get('proration_behavior'), 'always_invoice');
    assert.equal(update?.get('payment_behavior'), 'error_if_incomplete');
    assert.deepEqual(await provider.changeSeats({ providerSubscriptionId: 'sub_team', seats: 2, isIncrease: false }), { kind: 'charged' });
    update = lastUpdateOf('sub_team');
    assert.equal(update?.get('items[0][quantity]'), '2');
    assert.equal(update?.get('proration_behavior'), 'none');
    assert.deepEqual(await provider.changeSeats({ providerSubscriptionId: 'sub_declining', seats: 5, isIncrease: true }), { kind: 'declined' });
  });

  it('stops the subscription at the period end, and lets it renew again', async () => {
    await provider.setSeatsCanceling({ providerSubscriptionId: 'sub_team', isCanceling: true });
    assert.equal(lastUpdateOf('sub_team')?.get('cancel_at_period_end'), 'true');
    await provider.setSeatsCanceling({ providerSubscriptionId: 'sub_team', isCanceling: false });
    assert.equal(lastUpdateOf('sub_team')?.get('cancel_at_period_end'), 'false');
  });
});
