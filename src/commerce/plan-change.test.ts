import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Plan } from './plan.ts';
import { monthly } from '../../test/catalogue-fixtures.ts';
import { decidePlanChange, periodStartOf, prorateMinor, type ChangingSubscription } from './plan-change.ts';

/** $10 a month; the others are priced from it. */
const digital: Plan = { ...monthly, priceMinor: 1000 };
const premium: Plan = { ...digital, id: 2, slug: 'premium', name: 'Premium', priceMinor: 1500 };
const digitalYearly: Plan = { ...digital, id: 3, slug: 'digital-yearly', name: 'Digital, yearly', priceMinor: 10000, interval: 'year' };
const euro: Plan = { ...premium, id: 4, slug: 'premium-eur', currency: 'EUR' };
const retired: Plan = { ...premium, id: 5, slug: 'old', isActive: false };

/** A 30-day period: December 4 to January 3. */
const active: ChangingSubscription = {
  status: 'active',
  periodStart: new Date('2026-12-04T00:00:00Z'),
  periodEnd: new Date('2027-01-03T00:00:00Z'),
  introPeriodsLeft: 0,
  hasScheduledChange: false,
};
const halfway = new Date('2026-12-19T00:00:00Z');

describe('an upgrade within the same interval', () => {
  it('credits the unused half of $10 and charges the remaining half of $15: $2.50 now, $15 from January 3', () => {
    assert.deepEqual(decidePlanChange({ subscription: active, current: digital, chosen: premium, now: halfway }), {
      kind: 'now',
      direction: 'upgrade',
      creditMinor: 500,
      chargeMinor: 750,
      dueNowMinor: 250,
      renewsAt: active.periodEnd,
      renewalMinor: 1500,
    });
  });

  it('rounds each line to the nearest cent on its own: 20 of 30 days of $10 is $6.67, of $15 is $10, $3.33 due', () => {
    const change = decidePlanChange({ subscription: active, current: digital, chosen: premium, now: new Date('2026-12-14T00:00:00Z') });
    assert.equal(change.kind, 'now');
    if (change.kind !== 'now') return;
    assert.deepEqual([change.creditMinor, change.chargeMinor, change.dueNowMinor], [667, 1000, 333]);
  });

  it('charges nothing for the last second of a period and nearly the whole difference at its first', () => {
    const lastSecond = decidePlanChange({ subscription: active, current: digital, chosen: premium, now: new Date('2027-01-02T23:59:59Z') });
    assert.equal(lastSecond.kind === 'now' && lastSecond.dueNowMinor, 0);
    const first = decidePlanChange({ subscription: active, current: digital, chosen: premium, now: active.periodStart });
    assert.equal(first.kind === 'now' && first.dueNowMinor, 500);
  });
});

describe('between a month and a year', () => {
  it('month to year is an upgrade that starts a new year now: 20 unused days of $10 ($6.67) off $100, $93.33 due', () => {
    const now = new Date('2026-12-14T00:00:00Z');
    assert.deepEqual(decidePlanChange({ subscription: active, current: digital, chosen: digitalYearly, now }), {
      kind: 'now',
      direction: 'upgrade',
      creditMinor: 667,
      chargeMinor: 10000,
      dueNowMinor: 9333,
      renewsAt: new Date('2027-12-14T00:00:00Z'),
      renewalMinor: 10000,
    });
  });

  it('year to month waits for the end of the year paid for, whatever the monthly price', () => {
    const yearly: ChangingSubscription = { ...active, periodStart: new Date('2026-06-01T00:00:00Z'), periodEnd: new Date('2027-06-01T00:00:00Z') };
    assert.deepEqual(decidePlanChange({ subscription: yearly, current: digitalYearly, chosen: premium, now: halfway }), {
      kind: 'at-period-end',
      direction: 'downgrade',
      effectiveAt: new Date('2027-06-01T00:00:00Z'),
      renewalMinor: 1500,
    });
  });
});

describe('a downgrade', () => {
  it('keeps the plan until January 3 and then renews at $10', () => {
    assert.deepEqual(decidePlanChange({ subscription: active, current: premium, chosen: digital, now: halfway }), {
      kind: 'at-period-end',
      direction: 'downgrade',
      effectiveAt: active.periodEnd,
      renewalMinor: 1000,
    });
  });
});

describe('in a trial', () => {
  const trial: ChangingSubscription = { ...active, status: 'trialing', introPeriodsLeft: 0 };

  it('applies any change now at no cost, the first charge at the trial end being the new price', () => {
    for (const [current, chosen, direction] of [
      [digital, premium, 'upgrade'],
      [premium, digital, 'downgrade'],
      [digital, digitalYearly, 'upgrade'],
    ] as const) {
      assert.deepEqual(decidePlanChange({ subscription: trial, current, chosen, now: halfway }), {
        kind: 'now',
        direction,
        creditMinor: 0,
        chargeMinor: 0,
        dueNowMinor: 0,
        renewsAt: trial.periodEnd,
        renewalMinor: chosen.priceMinor,
      });
    }
  });
});

describe('refusals', () => {
  const refusal = (subscription: ChangingSubscription, chosen: Plan, now = halfway) => {
    const change = decidePlanChange({ subscription, current: digital, chosen, now });
    return change.kind === 'refused' ? change.reason : null;
  };

  it('names why a plan cannot be chosen', () => {
    assert.equal(refusal(active, digital), 'same-plan');
    assert.equal(refusal(active, retired), 'plan-inactive');
    assert.equal(refusal(active, euro), 'other-currency');
    for (const status of ['canceled', 'past_due', 'expired'] as const) assert.equal(refusal({ ...active, status }, premium), 'not-active');
    assert.equal(refusal({ ...active, hasScheduledChange: true }, premium), 'change-scheduled');
    assert.equal(refusal({ ...active, introPeriodsLeft: 2 }, premium), 'introductory-price');
    assert.equal(refusal(active, premium, active.periodEnd), 'period-over');
  });
});

describe('the arithmetic', () => {
  it('rounds halves up, exactly, in integers', () => {
    assert.equal(prorateMinor(1, 1, 2), 1);
    assert.equal(prorateMinor(999, 1, 3), 333);
    assert.equal(prorateMinor(1000, 2, 3), 667);
    assert.equal(prorateMinor(99_999_999, 31_535_999, 31_536_000), 99_999_996);
  });

  it('finds the period start one interval before its end, the day clamped to the month', () => {
    assert.deepEqual(periodStartOf(new Date('2027-01-03T00:00:00Z'), 'month'), new Date('2026-12-03T00:00:00Z'));
    assert.deepEqual(periodStartOf(new Date('2027-03-31T00:00:00Z'), 'month'), new Date('2027-02-28T00:00:00Z'));
    assert.deepEqual(periodStartOf(new Date('2027-06-01T00:00:00Z'), 'year'), new Date('2026-06-01T00:00:00Z'));
  });
});
