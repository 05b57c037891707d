import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardExpiresAt, dueReminderDay, isCardExpiryWarningDue, isInGracePeriod } from './dunning.ts';
import type { SubscriptionState } from './subscription.ts';

const day = 24 * 60 * 60 * 1000;
const pastDueSince = new Date('2026-11-10T08:00:00Z');
const after = (days: number) => new Date(pastDueSince.getTime() + days * day);
const gracePeriodMs = 7 * day;

describe('the dunning reminders', () => {
  const due = (days: number, sentDays: number[] = [], grace = gracePeriodMs) =>
    dueReminderDay({ pastDueSince, now: after(days), gracePeriodMs: grace, sentDays });

  it('are due on days 0, 3 and 6 of the grace period, each until it is sent', () => {
    assert.equal(due(0), 0);
    assert.equal(due(2.9, [0]), null);
    assert.equal(due(3, [0]), 3);
    assert.equal(due(5, [0]), 3);
    assert.equal(due(5, [0, 3]), null);
    assert.equal(due(6, [0, 3]), 6);
    assert.equal(due(6.9, [0, 3, 6]), null);
  });

  it('send only the latest one due when some were missed, never two at once', () => {
    assert.equal(due(4), 3);
    assert.equal(due(4, [3]), null);
    assert.equal(due(6.5), 6);
    assert.equal(due(6.5, [6]), null);
  });

  it('stop when the grace period ends, and skip days that fall after it', () => {
    assert.equal(due(7), null);
    assert.equal(due(30), null);
    assert.equal(due(6, [0, 3], 5 * day), null);
    assert.equal(due(4, [0], 5 * day), 3);
    assert.equal(due(-0.1), null);
  });
});

describe('the grace period banner', () => {
  const state = (status: SubscriptionState['status'], since: Date | null): SubscriptionState => ({
    status,
    currentPeriodEnd: pastDueSince,
    trialEnd: null,
    pastDueSince: since,
    endedFrom: null,
    resumeTo: null,
  });

  it('shows while a past-due subscription is within its grace period, and not a moment after', () => {
    assert.equal(isInGracePeriod(state('past_due', pastDueSince), { now: after(0), gracePeriodMs }), true);
    assert.equal(isInGracePeriod(state('past_due', pastDueSince), { now: new Date(after(7).getTime() - 1), gracePeriodMs }), true);
    assert.equal(isInGracePeriod(state('past_due', pastDueSince), { now: after(7), gracePeriodMs }), false);
  });

  it('never shows for a subscription that is not failing', () => {
    for (const status of ['trialing', 'active', 'canceled', 'expired'] as const) {
      assert.equal(isInGracePeriod(state(status, pastDueSince), { now: after(1), gracePeriodMs }), false);
    }
  });
});

describe("a card's expiry", () => {
  it('is the start of the month after the one printed on the card', () => {
    assert.deepEqual(cardExpiresAt({ expiryMonth: 12, expiryYear: 2026 }), new Date('2027-01-01T00:00:00Z'));
    assert.deepEqual(cardExpiresAt({ expiryMonth: 2, expiryYear: 2028 }), new Date('2028-03-01T00:00:00Z'));
  });

  it('is warned of from 30 days before, once, and not once the card has run out', () => {
    const card = { expiryMonth: 12, expiryYear: 2026, expiryWarnedAt: null };
    assert.equal(isCardExpiryWarningDue(card, { now: new Date('2026-12-01T23:59:59Z') }), false);
    assert.equal(isCardExpiryWarningDue(card, { now: new Date('2026-12-02T00:00:00Z') }), true);
    assert.equal(isCardExpiryWarningDue(card, { now: new Date('2026-12-31T23:59:59Z') }), true);
    assert.equal(isCardExpiryWarningDue(card, { now: new Date('2027-01-01T00:00:00Z') }), false);
    assert.equal(isCardExpiryWarningDue({ ...card, expiryWarnedAt: new Date('2026-12-02T00:00:00Z') }, { now: new Date('2026-12-10T00:00:00Z') }), false);
  });
});
