import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { introOffer as base, monthly, yearly } from '../../test/catalogue-fixtures.ts';
import { formatMoney } from './money.ts';
import { checkOffer, chooseBestOffer, pickBestOffers, rankOffers } from './offer-rules.ts';
import { formatOfferEnd, formatOfferTerms, formatPlanPrice } from './offer-wording.ts';
import type { Offer } from './plan.ts';

const now = new Date('2026-10-15T12:00:00Z');
const trial: Offer = { ...base, id: 2, slug: 'trial', terms: { kind: 'free-trial', days: 14 } };

describe('whether an offer can be taken', () => {
  it('is open within its dates and under its cap', () => {
    assert.equal(
      checkOffer({
        offer: { ...base, startsAt: new Date('2026-10-01T00:00:00Z'), endsAt: new Date('2026-11-01T04:00:00Z'), redemptionCap: 10, redemptionCount: 9 },
        plan: monthly,
        now,
        hasUsedTrial: false,
      }),
      null,
    );
  });

  it('is closed before it starts, from the moment it ends, when sold out, retired, or its plan is', () => {
    assert.equal(checkOffer({ offer: { ...base, startsAt: new Date('2026-10-16T00:00:00Z') }, plan: monthly, now, hasUsedTrial: false }), 'not-started');
    assert.equal(checkOffer({ offer: { ...base, endsAt: now }, plan: monthly, now, hasUsedTrial: false }), 'ended');
    assert.equal(checkOffer({ offer: { ...base, redemptionCap: 5, redemptionCount: 5 }, plan: monthly, now, hasUsedTrial: false }), 'sold-out');
    assert.equal(checkOffer({ offer: { ...base, isRetired: true }, plan: monthly, now, hasUsedTrial: false }), 'retired');
    assert.equal(checkOffer({ offer: base, plan: { ...monthly, isActive: false }, now, hasUsedTrial: false }), 'plan-retired');
  });

  it('gives a free trial once per reader', () => {
    assert.equal(checkOffer({ offer: trial, plan: monthly, now, hasUsedTrial: true }), 'trial-used');
    assert.equal(checkOffer({ offer: base, plan: monthly, now, hasUsedTrial: true }), null);
  });
});

describe('the best offers for the paywall', () => {
  const standardYearly: Offer = { ...base, id: 3, planId: 2, slug: 'annual', terms: { kind: 'standard' } };
  const endingSoon: Offer = { ...base, id: 4, slug: 'ending', endsAt: new Date('2026-10-20T00:00:00Z') };
  const offers = [
    standardYearly,
    base,
    trial,
    endingSoon,
    { ...base, id: 5, slug: 'retired', isRetired: true, terms: { kind: 'free-trial' as const, days: 30 } },
  ];

  it('puts the cheapest start first, the soonest ending first among equals, and leaves out closed ones', () => {
    assert.deepEqual(
      pickBestOffers({ offers, plans: [monthly, yearly], now, hasUsedTrial: false, count: 4 }).map((offer) => offer.slug),
      ['trial', 'ending', 'intro', 'annual'],
    );
  });

  it('leaves out the free trial for a reader who had one, and keeps to the count', () => {
    assert.deepEqual(
      pickBestOffers({ offers, plans: [monthly, yearly], now, hasUsedTrial: true, count: 2 }).map((offer) => offer.slug),
      ['ending', 'intro'],
    );
  });

  it('chooses as best the offer the paywall puts first, which the offers page marks too', () => {
    const question = { offers, plans: [monthly, yearly], now };
    assert.equal(chooseBestOffer({ ...question, hasUsedTrial: false })?.slug, 'trial');
    assert.equal(chooseBestOffer({ ...question, hasUsedTrial: true })?.slug, 'ending');
    assert.deepEqual(
      rankOffers({ ...question, hasUsedTrial: false }).map((offer) => offer.slug),
      ['trial', 'ending', 'intro', 'annual'],
    );
    assert.equal(chooseBestOffer({ ...question, offers: [], hasUsedTrial: false }), null);
  });
});

describe('offer wording', () => {
  it("says when an offer ends, as the last day on the publication's clock", () => {
    const endsAt = new Date('2026-11-01T04:00:00Z');
    assert.equal(formatOfferEnd(endsAt, { locale: 'en-US', timeZone: 'America/New_York' }), 'Offer ends October 31st');
    assert.equal(formatOfferEnd(new Date('2026-11-03T05:00:00Z'), { locale: 'en-US', timeZone: 'America/New_York' }), 'Offer ends November 2nd');
    assert.equal(formatOfferEnd(new Date('2026-11-04T05:00:00Z'), { locale: 'en-US', timeZone: 'America/New_York' }), 'Offer ends November 3rd');
    assert.equal(formatOfferEnd(new Date('2026-11-12T05:00:00Z'), { locale: 'en-US', timeZone: 'America/New_York' }), 'Offer ends November 11th');
  });

  it('writes prices from integer minor units', () => {
    assert.equal(formatMoney({ amountMinor: 900, currency: 'USD' }, 'en-US'), '$9');
    assert.equal(formatMoney({ amountMinor: 1250, currency: 'USD' }, 'en-US'), '$12.50');
    assert.equal(formatMoney({ amountMinor: 1500, currency: 'EUR' }, 'de-DE'), '15\u00a0€');
    assert.equal(formatPlanPrice(monthly, 'en-US'), '$15 a month');
    assert.equal(formatPlanPrice(yearly, 'en-US'), '$150 a year');
  });

  it("spells out an offer's terms", () => {
    assert.equal(formatOfferTerms(base, monthly, 'en-US'), '$3 a month for the first 3 months, then $15 a month');
    assert.equal(
      formatOfferTerms({ ...base, terms: { kind: 'introductory-price', priceMinor: 100, periods: 1 } }, monthly, 'en-US'),
      '$1 a month for the first month, then $15 a month',
    );
    assert.equal(formatOfferTerms(trial, monthly, 'en-US'), '14 days free, then $15 a month');
  });
});
