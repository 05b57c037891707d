import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogueFormError, parseAmountMinor, parseOfferForm, parsePlanForm } from './catalogue-form.ts';

describe('the plans and offers forms', () => {
  it('reads amounts into minor units exactly', () => {
    assert.equal(parseAmountMinor('15'), 1500);
    assert.equal(parseAmountMinor('9.5'), 950);
    assert.equal(parseAmountMinor('0,99'), 99);
    assert.equal(parseAmountMinor('19.99'), 1999);
    for (const bad of ['', 'abc', '1.999', '-5', '1e3']) assert.equal(parseAmountMinor(bad), null, bad);
  });

  it('reads a plan, its benefits one per line', () => {
    assert.deepEqual(parsePlanForm({ name: 'Digital', price: '15', currency: 'usd', interval: 'month', benefits: 'Everything\n\n Apps ', isActive: 'on' }), {
      slug: 'digital',
      name: 'Digital',
      benefits: ['Everything', 'Apps'],
      priceMinor: 1500,
      currency: 'USD',
      interval: 'month',
      isActive: true,
      tiers: [],
    });
    assert.throws(() => parsePlanForm({ name: 'Digital', price: '15', currency: 'XYZ', interval: 'month' }), CatalogueFormError);
  });

  it('reads an offer of each kind and refuses ones that cannot work', () => {
    const base = { headline: 'Try 3 months for $9', planSlug: 'digital' };
    assert.deepEqual(parseOfferForm({ ...base, termsKind: 'introductory-price', introPrice: '3', introPeriods: '3' }, 'UTC').terms, {
      kind: 'introductory-price',
      priceMinor: 300,
      periods: 3,
    });
    assert.deepEqual(parseOfferForm({ ...base, termsKind: 'free-trial', trialDays: '14' }, 'UTC').terms, { kind: 'free-trial', days: 14 });
    assert.throws(() => parseOfferForm({ ...base, termsKind: 'free-trial', trialDays: '0' }, 'UTC'), /1 to 365 days/);
    assert.throws(
      () => parseOfferForm({ ...base, termsKind: 'standard', startsAt: '2026-11-01T00:00', endsAt: '2026-10-01T00:00' }, 'UTC'),
      /end after it starts/,
    );
    assert.throws(() => parseOfferForm({ ...base, termsKind: 'standard', redemptionCap: 'lots' }, 'UTC'), /whole number/);
  });
});
