import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateFromStripe, type StripeSubscriptionSnapshot } from './stripe-snapshot.ts';

const at = new Date('2026-11-20T12:00:00Z');
const periodEnd = new Date('2026-12-20T12:00:00Z');
const snapshot = (fields: Partial<StripeSubscriptionSnapshot>): StripeSubscriptionSnapshot => ({
  id: 'sub_1',
  customerId: 'cus_1',
  status: 'active',
  cancelAtPeriodEnd: false,
  currentPeriodEnd: periodEnd,
  trialEnd: null,
  endedAt: null,
  checkoutId: null,
  seatCheckoutId: null,
  quantity: 1,
  planId: null,
  ...fields,
});

describe("reading Stripe's subscriptions", () => {
  it("maps Stripe's statuses onto the state machine", () => {
    assert.equal(stateFromStripe(snapshot({ status: 'active' }), null, at)?.status, 'active');
    assert.equal(stateFromStripe(snapshot({ status: 'trialing', trialEnd: periodEnd }), null, at)?.status, 'trialing');
    assert.deepEqual(stateFromStripe(snapshot({ status: 'active', cancelAtPeriodEnd: true }), null, at)?.resumeTo, 'active');
    assert.equal(stateFromStripe(snapshot({ status: 'active', cancelAtPeriodEnd: true }), null, at)?.status, 'canceled');
    assert.equal(stateFromStripe(snapshot({ status: 'incomplete' }), null, at), null);
  });

  it('keeps when payments began failing across retries', () => {
    const first = stateFromStripe(snapshot({ status: 'past_due' }), null, at);
    const later = stateFromStripe(snapshot({ status: 'past_due' }), first, new Date('2026-11-23T12:00:00Z'));
    assert.deepEqual(later?.pastDueSince, at);
  });

  it('tells a trial that ended from a subscription that ended', () => {
    const trialing = stateFromStripe(snapshot({ status: 'trialing', trialEnd: periodEnd }), null, at);
    assert.equal(stateFromStripe(snapshot({ status: 'canceled', endedAt: at }), trialing, at)?.endedFrom, 'trial');
    const active = stateFromStripe(snapshot({ status: 'active' }), null, at);
    assert.equal(stateFromStripe(snapshot({ status: 'canceled', endedAt: at }), active, at)?.endedFrom, 'subscription');
  });
});
