import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staffRoles } from '../accounts/account.ts';
import { at, clock, complimentaryGrants, context, fakeSubscription, grant, state, subscriptionStates } from '../../test/entitlement-cases.ts';
import { entitledReaderOf, lapseOf, type EntitlementFacts } from './entitled-reader.ts';

const nothing: EntitlementFacts = { role: 'reader', latestSubscription: undefined, complimentaryAccess: [], grantedPlanIds: [] };
/** Plan 1 gives Digital, plan 2 Digital and Premium, plan 3 the Archive; plan 4 gives no tier. */
const tiered = {
  clock,
  tiersByPlan: new Map([
    [1, ['digital']],
    [2, ['digital', 'premium']],
    [3, ['archive']],
    [4, []],
  ]),
};
const onPlan = (planId: number, subscriptionState = state({})) => ({ ...fakeSubscription, planId, state: subscriptionState });

describe('who reads as a subscriber, and with which tiers', () => {
  for (const { name, state: subscriptionState, isEntitled } of subscriptionStates) {
    it(`${isEntitled ? 'entitles' : 'does not entitle'} a reader whose latest subscription is ${name}`, () => {
      const latestSubscription = { ...fakeSubscription, state: subscriptionState };
      assert.equal(entitledReaderOf(1, { ...nothing, latestSubscription }, context) !== null, isEntitled);
    });
  }

  for (const { name, grant: given, isEntitled } of complimentaryGrants) {
    it(`${isEntitled ? 'entitles' : 'does not entitle'} a reader with complimentary access ${name}`, () => {
      assert.equal(entitledReaderOf(1, { ...nothing, complimentaryAccess: [given] }, context) !== null, isEntitled);
    });
  }

  it('entitles every staff role as staff, and not a reader with nothing', () => {
    for (const role of staffRoles) assert.deepEqual(entitledReaderOf(1, { ...nothing, role }, context), { kind: 'staff', readerId: 1 }, role);
    assert.equal(entitledReaderOf(1, nothing, context), null);
  });

  it('gives a subscriber the tiers of their plan, and complimentary access every tier whatever the plan', () => {
    assert.deepEqual(entitledReaderOf(7, { ...nothing, latestSubscription: onPlan(2) }, tiered), {
      kind: 'subscriber',
      readerId: 7,
      tiers: ['digital', 'premium'],
    });
    assert.deepEqual(entitledReaderOf(7, { ...nothing, latestSubscription: onPlan(4) }, tiered), { kind: 'subscriber', readerId: 7, tiers: [] });
    assert.deepEqual(entitledReaderOf(7, { ...nothing, latestSubscription: onPlan(1), complimentaryAccess: [grant({})] }, tiered), {
      kind: 'subscriber',
      readerId: 7,
      tiers: 'every-tier',
    });
  });

  it('entitles a gift subscription’s recipient or an organisation’s member by the granted plan alone', () => {
    assert.deepEqual(entitledReaderOf(7, { ...nothing, grantedPlanIds: [1] }, tiered), { kind: 'subscriber', readerId: 7, tiers: ['digital'] });
    assert.deepEqual(entitledReaderOf(7, { ...nothing, grantedPlanIds: [4] }, tiered), { kind: 'subscriber', readerId: 7, tiers: [] });
  });

  it('gives the tiers of every plan held at once, each tier once', () => {
    const paidAndGranted = { ...nothing, latestSubscription: onPlan(1), grantedPlanIds: [2, 3] };
    assert.deepEqual(entitledReaderOf(7, paidAndGranted, tiered), { kind: 'subscriber', readerId: 7, tiers: ['digital', 'premium', 'archive'] });
  });

  it('leaves out the plan of a subscription that no longer entitles, and keeps the granted ones', () => {
    const expired = onPlan(2, state({ status: 'expired', endedFrom: 'subscription', currentPeriodEnd: at(-30) }));
    assert.deepEqual(entitledReaderOf(7, { ...nothing, latestSubscription: expired, grantedPlanIds: [3] }, tiered), {
      kind: 'subscriber',
      readerId: 7,
      tiers: ['archive'],
    });
    assert.equal(entitledReaderOf(7, { ...nothing, latestSubscription: expired }, tiered), null);
  });
});

describe('what a reader back on the meter had before, for the paywall to name', () => {
  const endedSeat = { organisationName: 'Harbour Works', endedAt: new Date('2026-12-02T00:00:00Z') };
  const standings = [{ kind: 'none' }, { kind: 'entitled' }, { kind: 'lapsed', endedFrom: 'trial' }, { kind: 'lapsed', endedFrom: 'subscription' }] as const;

  it('names an ended trial or subscription, and nothing for a reader who never had one', () => {
    assert.deepEqual(
      standings.map((standing) => lapseOf(standing, undefined)),
      [null, null, 'trial', 'subscription'],
    );
  });

  it('names the organisation whose contract ended first, whatever the reader’s own subscription did', () => {
    for (const standing of standings) {
      assert.deepEqual(lapseOf(standing, endedSeat), { kind: 'organisation', organisationName: 'Harbour Works', endedAt: endedSeat.endedAt }, standing.kind);
    }
  });
});
