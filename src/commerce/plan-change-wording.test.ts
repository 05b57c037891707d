import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Plan } from './plan.ts';
import { monthly } from '../../test/catalogue-fixtures.ts';
import { describePlanChange, describeScheduledChange, formatChangeDay } from './plan-change-wording.ts';

/** $10 a month; the others are priced from it. */
const digital: Plan = { ...monthly, priceMinor: 1000 };
const premium: Plan = { ...digital, id: 2, slug: 'premium', name: 'Premium', priceMinor: 1500 };
const yearly: Plan = { ...digital, id: 3, slug: 'yearly', name: 'Premium, yearly', priceMinor: 15000, interval: 'year' };
const wording = { locale: 'en-US', timeZone: 'UTC', now: new Date('2026-12-19T00:00:00Z') };
const january3 = new Date('2027-01-03T00:00:00Z');

describe('a plan change in words', () => {
  it('tells an upgrade by what is paid today and from when the new price runs', () => {
    const change = { kind: 'now', direction: 'upgrade', creditMinor: 500, chargeMinor: 750, dueNowMinor: 250, renewsAt: january3, renewalMinor: 1500 } as const;
    assert.equal(describePlanChange(change, { current: digital, chosen: premium }, wording), 'You pay $2.50 today; from January 3 you pay $15 a month');
    assert.equal(
      describePlanChange({ ...change, dueNowMinor: 0 }, { current: digital, chosen: premium }, wording),
      'You pay nothing today; from January 3 you pay $15 a month',
    );
  });

  it('tells a downgrade by when it happens and what the reader keeps until then', () => {
    const change = { kind: 'at-period-end', direction: 'downgrade', effectiveAt: january3, renewalMinor: 1000 } as const;
    const expected = 'From January 3 you move to Digital at $10 a month; until then you keep Premium';
    assert.equal(describePlanChange(change, { current: premium, chosen: digital }, wording), expected);
    assert.equal(describeScheduledChange({ from: premium, to: digital, effectiveAt: january3 }, wording), expected);
  });

  it('names the year of a day more than half a year away', () => {
    assert.equal(formatChangeDay(new Date('2027-12-19T00:00:00Z'), wording), 'December 19, 2027');
    const change = {
      kind: 'now',
      direction: 'upgrade',
      creditMinor: 500,
      chargeMinor: 15000,
      dueNowMinor: 14500,
      renewsAt: new Date('2027-12-19T00:00:00Z'),
      renewalMinor: 15000,
    } as const;
    assert.equal(describePlanChange(change, { current: digital, chosen: yearly }, wording), 'You pay $145 today; from December 19, 2027 you pay $150 a year');
  });

  it('says why a plan cannot be chosen', () => {
    assert.equal(
      describePlanChange({ kind: 'refused', reason: 'change-scheduled' }, { current: premium, chosen: digital }, wording),
      'A change of plan is already scheduled; cancel it first',
    );
  });
});
