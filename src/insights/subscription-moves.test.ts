import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubscriptionState, SubscriptionStatus } from '../commerce/subscription.ts';
import { subscriptionMoveKindOf } from './subscription-moves.ts';

const periodEnd = new Date('2026-05-01T00:00:00Z');
const nextPeriodEnd = new Date('2026-06-01T00:00:00Z');
const state = (status: SubscriptionStatus, currentPeriodEnd = periodEnd): SubscriptionState => ({
  status,
  currentPeriodEnd,
  trialEnd: null,
  pastDueSince: status === 'past_due' ? periodEnd : null,
  endedFrom: status === 'expired' ? 'subscription' : null,
  resumeTo: status === 'canceled' ? 'active' : null,
});
const statuses: SubscriptionStatus[] = ['trialing', 'active', 'past_due', 'canceled', 'expired'];

describe("what a subscription's move counts as", () => {
  it('counts the first payment after a trial as a converted trial, and a payment after a failed one as a recovery', () => {
    assert.equal(subscriptionMoveKindOf(state('trialing'), state('active', nextPeriodEnd)), 'trial-converted');
    assert.equal(subscriptionMoveKindOf(state('past_due'), state('active', nextPeriodEnd)), 'payment-recovered');
  });

  it('counts a period paid for again as a renewal, canceled or not, and the same period as nothing', () => {
    assert.equal(subscriptionMoveKindOf(state('active'), state('active', nextPeriodEnd)), 'renewed');
    assert.equal(subscriptionMoveKindOf(state('canceled'), state('canceled', nextPeriodEnd)), 'renewed');
    assert.equal(subscriptionMoveKindOf(state('active'), state('active')), null);
    assert.equal(subscriptionMoveKindOf(state('trialing'), state('trialing', nextPeriodEnd)), null);
  });

  it('counts every way into past due, canceled and expired, from any other status', () => {
    const expected = { past_due: 'payment-failed', canceled: 'canceled', expired: 'lapsed' } as const;
    for (const before of statuses)
      for (const [after, kind] of Object.entries(expected) as [keyof typeof expected, string][])
        if (before !== after) assert.equal(subscriptionMoveKindOf(state(before), state(after)), kind, `${before} → ${after}`);
  });

  it('does not count a failed retry while already past due, a cancellation undone, or an expired subscription staying so', () => {
    assert.equal(subscriptionMoveKindOf(state('past_due'), { ...state('past_due'), pastDueSince: nextPeriodEnd }), null);
    assert.equal(subscriptionMoveKindOf(state('canceled'), state('active')), null);
    assert.equal(subscriptionMoveKindOf(state('canceled'), state('trialing')), null);
    assert.equal(subscriptionMoveKindOf(state('expired'), state('expired', nextPeriodEnd)), null);
  });

  it('answers a kind or null for every pair of statuses, never nothing', () => {
    for (const before of statuses)
      for (const after of statuses) assert.notEqual(subscriptionMoveKindOf(state(before), state(after)), undefined, `${before} → ${after}`);
  });
});
