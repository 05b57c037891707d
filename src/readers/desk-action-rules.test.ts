import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubscriptionState, SubscriptionStatus } from '../commerce/subscription.ts';
import {
  cancelState,
  cancelTimingsFor,
  canExtendTrial,
  complimentaryEndOf,
  DeskActionError,
  extendTrialState,
  parseCancelTiming,
  parseComplimentaryPeriod,
  parseReason,
  parseTrialExtensionDays,
} from './desk-action-rules.ts';

const now = new Date('2026-01-31T10:00:00Z');
const day = 86_400_000;
const later = new Date(now.getTime() + 10 * day);

function stateOf(status: SubscriptionStatus, overrides: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    status,
    currentPeriodEnd: later,
    trialEnd: status === 'trialing' ? later : null,
    pastDueSince: status === 'past_due' ? now : null,
    endedFrom: status === 'expired' ? 'subscription' : null,
    resumeTo: status === 'canceled' ? 'active' : null,
    ...overrides,
  };
}

const refusedFor = (field: string) => (error: unknown) => error instanceof DeskActionError && error.meaning.kind === 'invalid' && error.meaning.field === field;
const conflict = (error: unknown) => error instanceof DeskActionError && error.meaning.kind === 'conflict';

describe("the desk's reason for an action", () => {
  it('is kept trimmed, with runs of space made one', () => {
    assert.equal(parseReason('  Charged   twice\nby mistake '), 'Charged twice by mistake');
  });

  it('is refused when missing, too short or too long', () => {
    for (const text of [undefined, '', '   ', 'ok']) assert.throws(() => parseReason(text), refusedFor('reason'));
    assert.equal(parseReason('a'.repeat(500)).length, 500);
    assert.throws(() => parseReason('a'.repeat(501)), refusedFor('reason'));
  });
});

describe('complimentary access periods', () => {
  it('end calendar months later, the day clamped to the month', () => {
    assert.deepEqual(complimentaryEndOf(parseComplimentaryPeriod('1'), now), new Date('2026-02-28T10:00:00Z'));
    assert.deepEqual(complimentaryEndOf('3', now), new Date('2026-04-30T10:00:00Z'));
    assert.deepEqual(complimentaryEndOf('12', now), new Date('2027-01-31T10:00:00Z'));
  });

  it('open-ended access has no end', () => {
    assert.equal(complimentaryEndOf(parseComplimentaryPeriod('open'), now), null);
  });

  it('refuses a period not offered', () => {
    for (const text of [undefined, '', '2', 'forever', '1 ']) assert.throws(() => parseComplimentaryPeriod(text), refusedFor('period'));
  });
});

describe('extending a trial', () => {
  it('takes 1 to 90 whole days', () => {
    assert.equal(parseTrialExtensionDays('1'), 1);
    assert.equal(parseTrialExtensionDays(' 90 '), 90);
    for (const text of [undefined, '', '0', '91', '1.5', '-3', 'ten']) assert.throws(() => parseTrialExtensionDays(text), refusedFor('days'));
  });

  it('moves the trial end and the first charge together', () => {
    const extended = extendTrialState(stateOf('trialing'), { days: 7, now });
    assert.deepEqual(extended.trialEnd, new Date(later.getTime() + 7 * day));
    assert.deepEqual(extended.currentPeriodEnd, extended.trialEnd);
    assert.equal(extended.status, 'trialing');
  });

  it('applies only to a trial still running', () => {
    assert.equal(canExtendTrial(stateOf('trialing'), now), true);
    assert.equal(canExtendTrial(stateOf('trialing'), later), false);
    for (const status of ['active', 'past_due', 'canceled', 'expired'] as const) {
      assert.equal(canExtendTrial(stateOf(status), now), false);
      assert.throws(() => extendTrialState(stateOf(status), { days: 7, now }), conflict);
    }
    // A canceled trial is not extended: that would bring back a charge the reader declined.
    assert.throws(() => extendTrialState(stateOf('canceled', { resumeTo: 'trialing', trialEnd: later }), { days: 7, now }), conflict);
  });
});

describe('canceling for a reader', () => {
  it('offers the period end only while trialing or active, and now until the subscription has ended', () => {
    assert.deepEqual(cancelTimingsFor(stateOf('trialing')), ['period-end', 'now']);
    assert.deepEqual(cancelTimingsFor(stateOf('active')), ['period-end', 'now']);
    assert.deepEqual(cancelTimingsFor(stateOf('past_due')), ['now']);
    assert.deepEqual(cancelTimingsFor(stateOf('canceled')), ['now']);
    assert.deepEqual(cancelTimingsFor(stateOf('expired')), []);
  });

  it('at the period end keeps access until then and can be resumed', () => {
    const canceled = cancelState(stateOf('active'), { when: parseCancelTiming('period-end'), now });
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.resumeTo, 'active');
    assert.deepEqual(canceled.currentPeriodEnd, later);
  });

  it('now ends it at once, the paid period cut to today', () => {
    const ended = cancelState(stateOf('active'), { when: parseCancelTiming('now'), now });
    assert.equal(ended.status, 'expired');
    assert.equal(ended.endedFrom, 'subscription');
    assert.deepEqual(ended.currentPeriodEnd, now);
    const endedTrial = cancelState(stateOf('trialing'), { when: 'now', now });
    assert.equal(endedTrial.endedFrom, 'trial');
    assert.deepEqual(endedTrial.trialEnd, now);
    assert.equal(cancelState(stateOf('past_due'), { when: 'now', now }).status, 'expired');
    assert.equal(cancelState(stateOf('canceled'), { when: 'now', now }).status, 'expired');
  });

  it('refuses what the state does not allow', () => {
    assert.throws(() => cancelState(stateOf('expired'), { when: 'now', now }), conflict);
    assert.throws(() => cancelState(stateOf('past_due'), { when: 'period-end', now }), conflict);
    assert.throws(() => cancelState(stateOf('canceled'), { when: 'period-end', now }), conflict);
    assert.throws(() => parseCancelTiming('later'), refusedFor('when'));
  });
});
