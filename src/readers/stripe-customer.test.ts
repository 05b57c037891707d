import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planOfStripePrice } from './stripe-customer.ts';

const plans = [
  { id: 1, priceMinor: 1500, currency: 'USD', interval: 'month', stripePriceId: null },
  { id: 2, priceMinor: 15000, currency: 'USD', interval: 'year', stripePriceId: 'price_annual' },
  { id: 3, priceMinor: 900, currency: 'EUR', interval: 'month', stripePriceId: null },
  { id: 4, priceMinor: 900, currency: 'EUR', interval: 'month', stripePriceId: null },
] as const;
const price = (fields: Partial<{ id: string; amountMinor: number | null; currency: string; interval: string | null }>) => ({
  id: 'price_ghost',
  amountMinor: 1500,
  currency: 'usd',
  interval: 'month',
  ...fields,
});

describe('the plan a Stripe price bills for', () => {
  it('is the plan that names the price, whatever its amount', () => {
    assert.equal(planOfStripePrice(price({ id: 'price_annual', amountMinor: 1 }), plans)?.id, 2);
  });

  it('else the one plan at that amount, currency and interval (Ghost’s prices name no plan here)', () => {
    assert.equal(planOfStripePrice(price({}), plans)?.id, 1);
    assert.equal(planOfStripePrice(price({ interval: 'year' }), plans), null);
    assert.equal(planOfStripePrice(price({ currency: 'eur' }), plans), null);
    assert.equal(planOfStripePrice(price({ amountMinor: null }), plans), null);
  });

  it('is none when two plans fit: the import does not guess', () => {
    assert.equal(planOfStripePrice(price({ amountMinor: 900, currency: 'eur' }), plans), null);
  });
});
