import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAnnualBreakdown } from './offer-wording.ts';
import type { Plan } from './plan.ts';
import { annualSavingPercent, comparableMonthlyPlan, monthlyEquivalentMinor } from './plan-pricing.ts';

const monthly: Plan = { id: 1, slug: 'digital', name: 'Digital', benefits: [], priceMinor: 999, currency: 'USD', interval: 'month', isActive: true, tiers: [] };
const yearly: Plan = { ...monthly, id: 2, slug: 'digital-annual', name: 'Digital, yearly', priceMinor: 9900, interval: 'year' };

describe('a yearly plan as a monthly price', () => {
  it('divides the year by twelve, to the nearest minor unit', () => {
    assert.equal(monthlyEquivalentMinor(yearly), 825);
    assert.equal(monthlyEquivalentMinor({ priceMinor: 15000, interval: 'year' }), 1250);
    assert.equal(monthlyEquivalentMinor({ priceMinor: 10000, interval: 'year' }), 833);
    assert.equal(monthlyEquivalentMinor(monthly), 999);
  });

  it('saves, in whole percent, what twelve months of the monthly plan cost more', () => {
    assert.equal(annualSavingPercent(yearly, monthly), 17);
    assert.equal(annualSavingPercent({ priceMinor: 15000 }, { priceMinor: 1500 }), 17);
    assert.equal(annualSavingPercent({ priceMinor: 12000 }, { priceMinor: 1000 }), null);
    assert.equal(annualSavingPercent({ priceMinor: 13000 }, { priceMinor: 1000 }), null);
  });

  it('is measured against the cheapest monthly plan on sale in the same currency', () => {
    const dearer: Plan = { ...monthly, id: 3, priceMinor: 1999 };
    const euro: Plan = { ...monthly, id: 4, priceMinor: 500, currency: 'EUR' };
    const retired: Plan = { ...monthly, id: 5, priceMinor: 400, isActive: false };
    assert.equal(comparableMonthlyPlan(yearly, [dearer, euro, retired, monthly, yearly])?.id, monthly.id);
    assert.equal(comparableMonthlyPlan(yearly, [yearly, euro]), null);
  });

  it('reads "$8.25/month, billed $99 yearly — save 17%", in the publication’s locale', () => {
    assert.equal(formatAnnualBreakdown(yearly, [monthly, yearly], 'en-US'), '$8.25/month, billed $99 yearly — save 17%');
    assert.equal(
      formatAnnualBreakdown({ ...yearly, priceMinor: 15000 }, [{ ...monthly, priceMinor: 1500 }], 'en-US'),
      '$12.50/month, billed $150 yearly — save 17%',
    );
    assert.equal(
      formatAnnualBreakdown({ ...yearly, currency: 'EUR' }, [{ ...monthly, currency: 'EUR' }], 'de-DE'),
      '8,25\u00a0€/month, billed 99\u00a0€ yearly — save 17\u00a0%',
    );
  });

  it('names no saving when there is no monthly plan to save against, and nothing for a monthly plan', () => {
    assert.equal(formatAnnualBreakdown(yearly, [yearly], 'en-US'), '$8.25/month, billed $99 yearly');
    assert.equal(formatAnnualBreakdown(monthly, [monthly, yearly], 'en-US'), '');
  });
});
