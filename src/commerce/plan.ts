import type { Currency } from './money.ts';

export type BillingInterval = 'month' | 'year';

/** What a reader subscribes to: its price per interval and what it gives them. */
export type Plan = {
  id: number;
  slug: string;
  name: string;
  /** Lines such as "Read all stories with unlimited access". */
  benefits: readonly string[];
  priceMinor: number;
  currency: Currency;
  interval: BillingInterval;
  isActive: boolean;
  /** The tiers (slugs, src/commerce/tier.ts) the plan gives; none: it opens only what requires no tier. */
  tiers: readonly string[];
};

/**
 * The terms an offer puts on its plan: an introductory price per billing period for the first
 * periods ("Try 3 months for $9" is $3 a month for 3 months), or days free.
 */
export type OfferTerms = { kind: 'introductory-price'; priceMinor: number; periods: number } | { kind: 'free-trial'; days: number } | { kind: 'standard' };

export type Offer = {
  id: number;
  planId: number;
  slug: string;
  /** "Try 3 months for $9". */
  headline: string;
  copy: string;
  terms: OfferTerms;
  startsAt: Date | null;
  /** The moment it stops; the last day shown to readers is the day before, on the publication's clock. */
  endsAt: Date | null;
  redemptionCap: number | null;
  redemptionCount: number;
  isRetired: boolean;
};
