import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Plan } from '../commerce/plan.ts';
import {
  applySeatBillingEvent,
  contractEndOf,
  decideSeatChange,
  dueSeatBillingStep,
  parseSeatOrder,
  seatsPriceMinor,
  type SeatBilling,
} from './seat-purchase-rules.ts';
import { monthly } from '../../test/catalogue-fixtures.ts';

const plan = (fields: Partial<Plan> = {}): Plan => ({ ...monthly, ...fields });
const plans = [plan(), plan({ id: 2, slug: 'print', isActive: false })];
const day = 24 * 60 * 60 * 1000;
const periodEnd = new Date('2026-07-15T12:00:00Z');
const active: SeatBilling = { status: 'active', currentPeriodEnd: periodEnd, pastDueSince: null };

describe('a company buying seats', () => {
  it('reads an order of a plan on sale, a name and from 2 to 500 seats', () => {
    assert.deepEqual(parseSeatOrder({ organisationName: '  Harbour   Works ', planSlug: 'digital', seats: ' 12 ' }, plans), {
      kind: 'valid',
      order: { organisationName: 'Harbour Works', plan: plan(), seats: 12 },
    });
    for (const seats of ['1', '501', '2.5', '-3', 'ten', '']) {
      const parsed = parseSeatOrder({ organisationName: 'Harbour Works', planSlug: 'digital', seats }, plans);
      assert.equal(parsed.kind === 'invalid' && parsed.problems.seats, 'Choose from 2 to 500 seats.', seats);
    }
    const offSale = parseSeatOrder({ organisationName: '', planSlug: 'print', seats: '3' }, plans);
    assert.deepEqual(offSale.kind === 'invalid' && Object.keys(offSale.problems), ['organisationName', 'plan']);
  });

  it('costs the plan price times the seats, in whole minor units', () => {
    assert.equal(seatsPriceMinor({ priceMinor: 1500, seats: 3 }), 4500);
    assert.equal(seatsPriceMinor({ priceMinor: 999, seats: 500 }), 499_500);
  });
});

describe('changing the seats', () => {
  const change = (fields: Partial<Parameters<typeof decideSeatChange>[0]>) =>
    decideSeatChange({
      billing: active,
      seats: 3,
      taken: 2,
      requested: 4,
      priceMinor: 1500,
      interval: 'month',
      now: new Date(periodEnd.getTime() - 15 * day),
      ...fields,
    });

  it('charges added seats for the part of the period left, and renews at the new seats', () => {
    // 15 June to 15 July is 30 days; 15 are left.
    assert.deepEqual(change({}), { kind: 'change', from: 3, to: 4, dueNowMinor: 750, renewalMinor: 6000 });
    assert.deepEqual(change({ requested: 6, now: new Date(periodEnd.getTime() - 10 * day) }), {
      kind: 'change',
      from: 3,
      to: 6,
      dueNowMinor: 1500,
      renewalMinor: 9000,
    });
  });

  it('charges and credits nothing for fewer seats, which lower the next renewal', () => {
    assert.deepEqual(change({ seats: 5, requested: 3 }), { kind: 'change', from: 5, to: 3, dueNowMinor: 0, renewalMinor: 4500 });
  });

  it('never goes below the seats members hold, outside the bounds, nor while the subscription is not renewing', () => {
    assert.deepEqual(change({ taken: 3, requested: 2 }), { kind: 'refused', reason: 'below-taken' });
    assert.deepEqual(change({ requested: 1 }), { kind: 'refused', reason: 'out-of-bounds' });
    assert.deepEqual(change({ requested: Number.NaN }), { kind: 'refused', reason: 'out-of-bounds' });
    assert.deepEqual(change({ requested: 3 }), { kind: 'refused', reason: 'same-seats' });
    for (const status of ['canceling', 'past_due', 'ended'] as const) {
      assert.deepEqual(change({ billing: { ...active, status } }), { kind: 'refused', reason: 'not-renewing' }, status);
    }
  });
});

describe("a company's subscription over time", () => {
  const grace = { gracePeriodMs: 7 * day };

  it('renews a period on, or falls past due and keeps its members reading through the grace period', () => {
    const renewed = applySeatBillingEvent(active, { type: 'renewal-paid', interval: 'month' });
    assert.deepEqual(renewed, { status: 'active', currentPeriodEnd: new Date('2026-08-15T12:00:00Z'), pastDueSince: null });
    const failedAt = new Date(periodEnd.getTime() + 1000);
    const pastDue = applySeatBillingEvent(active, { type: 'renewal-failed', at: failedAt });
    assert.deepEqual(pastDue, { status: 'past_due', currentPeriodEnd: periodEnd, pastDueSince: failedAt });
    assert.deepEqual(applySeatBillingEvent(pastDue, { type: 'renewal-failed', at: new Date(failedAt.getTime() + day) }).pastDueSince, failedAt);
    assert.deepEqual(contractEndOf(active, grace), periodEnd);
    assert.deepEqual(contractEndOf(pastDue, grace), new Date(failedAt.getTime() + 7 * day));
  });

  it('is charged by the job loop once its period is over, and ends when canceled or when the grace runs out', () => {
    const before = new Date(periodEnd.getTime() - 1);
    const after = new Date(periodEnd.getTime() + 1);
    assert.equal(dueSeatBillingStep(active, { now: before, ...grace }), 'none');
    assert.equal(dueSeatBillingStep(active, { now: after, ...grace }), 'renew');
    const canceling = applySeatBillingEvent(active, { type: 'cancel-requested' });
    assert.equal(canceling.status, 'canceling');
    assert.equal(dueSeatBillingStep(canceling, { now: after, ...grace }), 'end');
    assert.equal(applySeatBillingEvent(canceling, { type: 'cancel-withdrawn' }).status, 'active');
    const pastDue = applySeatBillingEvent(active, { type: 'renewal-failed', at: periodEnd });
    assert.equal(dueSeatBillingStep(pastDue, { now: new Date(periodEnd.getTime() + 6 * day), ...grace }), 'renew');
    assert.equal(dueSeatBillingStep(pastDue, { now: new Date(periodEnd.getTime() + 7 * day), ...grace }), 'end');
    assert.equal(dueSeatBillingStep(applySeatBillingEvent(active, { type: 'ended' }), { now: after, ...grace }), 'none');
  });
});
