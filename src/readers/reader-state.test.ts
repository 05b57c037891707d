import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubscriptionStatus } from '../commerce/subscription.ts';
import { isComplimentaryLive } from './complimentary-access.ts';
import { readerStateOf } from './reader-state.ts';

describe("a reader's state on the desk", () => {
  const statuses: SubscriptionStatus[] = ['trialing', 'active', 'past_due', 'canceled', 'expired'];

  it('is free for an account that never subscribed and has no access given', () => {
    assert.equal(readerStateOf({ latestSubscription: null, hasComplimentaryAccess: false }), 'free');
  });

  it("is the latest subscription's status otherwise", () => {
    for (const status of statuses) assert.equal(readerStateOf({ latestSubscription: status, hasComplimentaryAccess: false }), status);
  });

  it('is complimentary while given access holds, whatever the subscription', () => {
    for (const status of [null, ...statuses]) assert.equal(readerStateOf({ latestSubscription: status, hasComplimentaryAccess: true }), 'complimentary');
  });
});

describe('complimentary access', () => {
  const startsAt = new Date('2026-11-01T00:00:00Z');
  const endsAt = new Date('2026-12-01T00:00:00Z');

  it('holds from its start until its end, and not a moment outside', () => {
    assert.equal(isComplimentaryLive({ startsAt, endsAt, revokedAt: null }, new Date('2026-10-31T23:59:59Z')), false);
    assert.equal(isComplimentaryLive({ startsAt, endsAt, revokedAt: null }, startsAt), true);
    assert.equal(isComplimentaryLive({ startsAt, endsAt, revokedAt: null }, new Date('2026-11-30T23:59:59Z')), true);
    assert.equal(isComplimentaryLive({ startsAt, endsAt, revokedAt: null }, endsAt), false);
  });

  it('open-ended, holds until revoked', () => {
    assert.equal(isComplimentaryLive({ startsAt, endsAt: null, revokedAt: null }, new Date('2036-01-01T00:00:00Z')), true);
    const revokedAt = new Date('2026-11-15T00:00:00Z');
    assert.equal(isComplimentaryLive({ startsAt, endsAt: null, revokedAt }, new Date('2026-11-14T00:00:00Z')), true);
    assert.equal(isComplimentaryLive({ startsAt, endsAt: null, revokedAt }, revokedAt), false);
  });
});
