import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Offer, OfferTerms, Plan } from '../plan.ts';
import { summariseCheckout } from './checkout-summary.ts';

const plan: Plan = { id: 1, slug: 'digital', name: 'Digital', benefits: [], priceMinor: 1500, currency: 'GBP', interval: 'month', isActive: true, tiers: [] };
const offerWith = (terms: OfferTerms): Offer => ({
  id: 1,
  planId: 1,
  slug: 'offer',
  headline: 'An offer',
  copy: '',
  terms,
  startsAt: null,
  endsAt: null,
  redemptionCap: null,
  redemptionCount: 0,
  isRetired: false,
});
const now = new Date('2026-12-01T16:00:00Z');
const british = { locale: 'en-GB', timeZone: 'Europe/London' };

describe('what checkout says about the money', () => {
  it('states the total today, when the plan’s price starts after an introductory price, and how to cancel', () => {
    assert.deepEqual(summariseCheckout({ offer: offerWith({ kind: 'introductory-price', priceMinor: 300, periods: 3 }), plan, now }, british), {
      dueToday: 'Total due today: £3',
      renewal: 'Then £3 every month for 2 more months, and £15 every month from 1 March 2027',
      cancel: 'Cancel any time from your account.',
    });
  });

  it('says a one-period introduction renews at the plan’s price after it', () => {
    const summary = summariseCheckout(
      { offer: offerWith({ kind: 'introductory-price', priceMinor: 100, periods: 1 }), plan: { ...plan, currency: 'USD' }, now },
      { locale: 'en-US', timeZone: 'America/New_York' },
    );
    assert.equal(summary.dueToday, 'Total due today: $1');
    assert.equal(summary.renewal, 'Then $15 every month from January 1, 2027');
  });

  it('says a trial costs nothing now and when the first charge comes', () => {
    const summary = summariseCheckout({ offer: offerWith({ kind: 'free-trial', days: 14 }), plan, now }, british);
    assert.equal(summary.dueToday, 'Total due today: £0. Your 14 days free start now');
    assert.equal(summary.renewal, 'Then £15 every month from 15 December 2026');
  });

  it('renews a yearly plan every year, from a year on', () => {
    const summary = summariseCheckout({ offer: offerWith({ kind: 'standard' }), plan: { ...plan, priceMinor: 15000, interval: 'year' }, now }, british);
    assert.equal(summary.dueToday, 'Total due today: £150');
    assert.equal(summary.renewal, 'Then £150 every year from 1 December 2027');
  });

  it('dates the renewal on the publication’s calendar', () => {
    const lateEvening = new Date('2026-12-01T03:00:00Z');
    const summary = summariseCheckout(
      { offer: offerWith({ kind: 'standard' }), plan: { ...plan, currency: 'USD' }, now: lateEvening },
      { locale: 'en-US', timeZone: 'America/Los_Angeles' },
    );
    assert.equal(summary.renewal, 'Then $15 every month from December 31, 2026');
  });
});
