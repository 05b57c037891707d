import type { Offer, Plan } from '../src/commerce/plan.ts';

/** A monthly plan at $15 and its yearly twin, as the offer rules' tests price them. */
export const monthly: Plan = {
  id: 1,
  slug: 'digital',
  name: 'Digital',
  benefits: [],
  priceMinor: 1500,
  currency: 'USD',
  interval: 'month',
  isActive: true,
  tiers: [],
};
export const yearly: Plan = { ...monthly, id: 2, slug: 'digital-annual', priceMinor: 15000, interval: 'year' };

/** "Try 3 months for $9" on the monthly plan, open-ended and uncapped: tests vary it with a spread. */
export const introOffer: Offer = {
  id: 1,
  planId: 1,
  slug: 'intro',
  headline: 'Try 3 months for $9',
  copy: '',
  terms: { kind: 'introductory-price', priceMinor: 300, periods: 3 },
  startsAt: null,
  endsAt: null,
  redemptionCap: null,
  redemptionCount: 0,
  isRetired: false,
};
