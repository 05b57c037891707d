import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cohortRetention,
  hasConverted,
  isPayingAt,
  measureSubscriptions,
  monthlyRecurringRevenue,
  payingByDay,
  summariseTakings,
  type PlanPrice,
  type SubscriptionHistory,
} from './revenue.ts';

const d = (text: string) => new Date(`${text}T12:00:00Z`);
const plans = new Map<number, PlanPrice>([
  [1, { id: 1, name: 'Digital', priceMinor: 1500, currency: 'USD', interval: 'month' }],
  [2, { id: 2, name: 'Digital yearly', priceMinor: 15000, currency: 'USD', interval: 'year' }],
  [3, { id: 3, name: 'Europe', priceMinor: 1000, currency: 'EUR', interval: 'month' }],
]);
let ids = 0;
function subscription(fields: Partial<SubscriptionHistory> & { startedAt: Date }): SubscriptionHistory {
  ids += 1;
  return {
    id: ids,
    accountId: ids,
    planId: 1,
    offerId: null,
    status: 'active',
    resumeTo: null,
    endedFrom: null,
    trialEnd: null,
    updatedAt: fields.startedAt,
    ...fields,
  };
}

describe('a subscription’s history read off its row', () => {
  it('converts a trial only by leaving it other than by ending', () => {
    const trial = { startedAt: d('2026-11-01'), trialEnd: d('2026-11-15') };
    assert.equal(hasConverted(subscription({ ...trial, status: 'trialing' })), false);
    assert.equal(hasConverted(subscription({ ...trial, status: 'active' })), true);
    assert.equal(hasConverted(subscription({ ...trial, status: 'past_due' })), true);
    assert.equal(hasConverted(subscription({ ...trial, status: 'canceled', resumeTo: 'trialing' })), false);
    assert.equal(hasConverted(subscription({ ...trial, status: 'canceled', resumeTo: 'active' })), true);
    assert.equal(hasConverted(subscription({ ...trial, status: 'expired', endedFrom: 'trial' })), false);
    assert.equal(hasConverted(subscription({ ...trial, status: 'expired', endedFrom: 'subscription' })), true);
    assert.equal(hasConverted(subscription({ startedAt: d('2026-11-01'), status: 'expired', endedFrom: 'subscription' })), true);
  });

  it('pays from its start or its trial’s end until it expired', () => {
    const converted = subscription({
      startedAt: d('2026-11-01'),
      trialEnd: d('2026-11-15'),
      status: 'expired',
      endedFrom: 'subscription',
      updatedAt: d('2026-12-15'),
    });
    assert.equal(isPayingAt(converted, d('2026-11-10')), false);
    assert.equal(isPayingAt(converted, d('2026-11-15')), true);
    assert.equal(isPayingAt(converted, d('2026-12-14')), true);
    assert.equal(isPayingAt(converted, d('2026-12-15')), false);
    const running = subscription({ startedAt: d('2026-11-01'), status: 'canceled', resumeTo: 'active' });
    assert.equal(isPayingAt(running, d('2026-10-31')), false);
    assert.equal(isPayingAt(running, d('2027-05-01')), true);
  });
});

describe('revenue over a period', () => {
  const period = { from: d('2026-11-01'), to: d('2026-12-01') };
  const now = d('2026-12-10');
  // A worked example: at the start 3 pay (a, b, c); in the month b churns, d starts paid, e is a trial that converts, f a trial that does not, g comes back after a.
  const a = subscription({ accountId: 1, startedAt: d('2026-09-01'), status: 'expired', endedFrom: 'subscription', updatedAt: d('2026-10-20') });
  const b = subscription({ accountId: 2, startedAt: d('2026-10-01'), status: 'expired', endedFrom: 'subscription', updatedAt: d('2026-11-10') });
  const c = subscription({ accountId: 3, planId: 2, startedAt: d('2026-10-05'), status: 'active' });
  const c2 = subscription({ accountId: 4, planId: 3, startedAt: d('2026-10-06'), status: 'past_due' });
  const dd = subscription({ accountId: 5, startedAt: d('2026-11-03'), status: 'active' });
  const e = subscription({ accountId: 6, startedAt: d('2026-11-02'), trialEnd: d('2026-11-16'), status: 'active' });
  const f = subscription({
    accountId: 7,
    startedAt: d('2026-11-04'),
    trialEnd: d('2026-11-18'),
    status: 'expired',
    endedFrom: 'trial',
    updatedAt: d('2026-11-18'),
  });
  const g = subscription({ accountId: 1, startedAt: d('2026-11-20'), status: 'canceled', resumeTo: 'active' });
  const h = subscription({ accountId: 8, startedAt: d('2026-11-25'), trialEnd: d('2026-12-09'), status: 'trialing' });
  const all = [a, b, c, c2, dd, e, f, g, h];

  it('counts paying subscribers, starts, reactivations, churn and trial conversion', () => {
    assert.deepEqual(measureSubscriptions(all, plans, { period, now }), {
      payingAtStart: 3,
      payingAtEnd: 5,
      mrrAtEnd: { USD: 1250 + 1500 * 3, EUR: 1000 },
      startedTrials: 3,
      startedPaid: 2,
      reactivated: 1,
      churned: 1,
      churnRate: 1 / 3,
      trialsEnded: 2,
      trialsConverted: 1,
      trialConversion: 0.5,
    });
  });

  it('counts nothing as churn or conversion when nothing paid or ended, and stops at now within a period not yet over', () => {
    const empty = measureSubscriptions([], plans, { period, now });
    assert.equal(empty.churnRate, null);
    assert.equal(empty.trialConversion, null);
    const undecided = measureSubscriptions([h], plans, { period: { from: d('2026-12-01'), to: d('2027-01-01') }, now });
    assert.equal(undecided.trialsEnded, 0);
    assert.equal(undecided.payingAtEnd, 0);
  });

  it('counts monthly recurring revenue at list price, a yearly plan as a twelfth, by currency', () => {
    assert.deepEqual(monthlyRecurringRevenue([c, c2, dd], plans, now), { USD: 2750, EUR: 1000 });
    assert.deepEqual(monthlyRecurringRevenue([subscription({ planId: 99, startedAt: d('2026-01-01') })], plans, now), {});
    assert.deepEqual(payingByDay(all, { dayEnds: [d('2026-10-31'), d('2026-11-30'), d('2027-01-01')], now }), [3, 5, 5]);
  });

  it('keeps cohorts by month of start, with the share still running at each month’s end', () => {
    const cohorts = cohortRetention(all, { until: d('2026-11-30'), months: 3, now });
    assert.deepEqual(cohorts, [
      { month: '2026-09', started: 1, retained: [1, 0, 0] },
      { month: '2026-10', started: 3, retained: [1, 2 / 3] },
      { month: '2026-11', started: 5, retained: [0.8] },
    ]);
    assert.deepEqual(cohortRetention(all, { until: d('2026-11-30'), months: 1, now: d('2026-11-30') })[0]?.retained, [0.8]);
  });
});

describe('paying subscribers day by day', () => {
  it('counts, for any history, what checking each subscription at each day’s end counts', () => {
    const statuses = ['trialing', 'active', 'past_due', 'canceled', 'expired'] as const;
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    const start = d('2026-01-01').getTime();
    const many = Array.from({ length: 400 }, () => {
      const startedAt = new Date(start + next(300) * 86_400_000);
      const status = statuses[next(statuses.length)] ?? 'active';
      return subscription({
        startedAt,
        status,
        trialEnd: next(3) === 0 ? new Date(startedAt.getTime() + 14 * 86_400_000) : null,
        resumeTo: status === 'canceled' ? (next(2) === 0 ? 'active' : 'trialing') : null,
        endedFrom: status === 'expired' ? (next(2) === 0 ? 'trial' : 'subscription') : null,
        updatedAt: new Date(startedAt.getTime() + next(90) * 86_400_000),
      });
    });
    const dayEnds = Array.from({ length: 400 }, (_, day) => new Date(start + day * 86_400_000));
    const later = d('2027-01-10');
    const expected = dayEnds.map((end) => many.filter((one) => isPayingAt(one, new Date(Math.min(end.getTime(), later.getTime())))).length);
    assert.deepEqual(payingByDay(many, { dayEnds, now: later }), expected);
  });
});

describe('what the payment ledger took', () => {
  it('adds charges and takes off refunds by currency and by plan and offer; failed charges are counted, not summed', () => {
    const subscriptions = new Map([
      [10, { planId: 1, offerId: 4 }],
      [11, { planId: 1, offerId: 4 }],
      [12, { planId: 1, offerId: null }],
    ]);
    const takings = summariseTakings(
      [
        { kind: 'charge', status: 'succeeded', currency: 'USD', subscriptionId: 10, payments: 2, amountMinor: 600 },
        { kind: 'charge', status: 'succeeded', currency: 'USD', subscriptionId: 11, payments: 1, amountMinor: 300 },
        { kind: 'charge', status: 'succeeded', currency: 'USD', subscriptionId: 12, payments: 2, amountMinor: 3000 },
        { kind: 'refund', status: 'succeeded', currency: 'USD', subscriptionId: 10, payments: 1, amountMinor: 300 },
        { kind: 'charge', status: 'failed', currency: 'USD', subscriptionId: 12, payments: 4, amountMinor: 6000 },
        { kind: 'charge', status: 'succeeded', currency: 'EUR', subscriptionId: null, payments: 1, amountMinor: 1000 },
        { kind: 'charge', status: 'succeeded', currency: 'EUR', subscriptionId: 99, payments: 0, amountMinor: 0 },
      ],
      subscriptions,
    );
    assert.deepEqual(takings.chargedMinor, { USD: 3900, EUR: 1000 });
    assert.deepEqual(takings.refundedMinor, { USD: 300 });
    assert.deepEqual(takings.netMinor, { USD: 3600, EUR: 1000 });
    assert.deepEqual([takings.charges, takings.refunds, takings.failedCharges], [6, 1, 4]);
    assert.deepEqual(
      takings.lines.map((line) => [line.planId, line.offerId, line.currency, line.chargedMinor - line.refundedMinor]),
      [
        [1, null, 'USD', 3000],
        [null, null, 'EUR', 1000],
        [1, 4, 'USD', 600],
      ],
    );
  });
});
