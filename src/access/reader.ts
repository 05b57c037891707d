/**
 * What a registered reader read in full through before it ended: a trial, a subscription, or a seat
 * in an organisation whose contract ended (named, with the day, for the paywall's notice).
 */
export type Lapse = 'trial' | 'subscription' | { kind: 'organisation'; organisationName: string; endedAt: Date };

/**
 * Who is reading, as far as access is concerned. The subscriptions issue brings subscribers and the
 * lapsed states; `lapsed` is the seam: a registered reader whose trial, subscription or organisation's
 * contract has ended reads on the meter again and sees why.
 */
export type Reader =
  | { kind: 'anonymous' }
  | { kind: 'registered'; readerId: number; lapsed: Lapse | null }
  | { kind: 'subscriber'; readerId: number; tiers: TierHolding }
  | { kind: 'staff'; readerId: number }
  /** A visitor on an organisation's IP range under a live contract (src/organisations): no account, the contract's plan's tiers. */
  | { kind: 'on-site'; organisationId: number; tiers: TierHolding }
  /** A search engine's crawler, verified by reverse and forward DNS, never by its User-Agent alone. */
  | { kind: 'verified-crawler' };

/**
 * The tiers a subscriber holds: their plan's (slugs), or every tier, as complimentary access gives.
 * A plan that gives no tier still opens every subscribers-only article that requires none.
 */
export type TierHolding = 'every-tier' | readonly string[];

export type MeteredReaderKind = 'anonymous' | 'registered';

/** Readers who read everything their tiers open: staff, entitled subscribers, on-site readers and verified crawlers. The others are on the meter. */
export function isEntitled(reader: Reader): reader is Exclude<Reader, { kind: MeteredReaderKind }> {
  return reader.kind === 'subscriber' || reader.kind === 'on-site' || reader.kind === 'staff' || reader.kind === 'verified-crawler';
}

/**
 * Whether the reader reads an article whole and uncounted: entitled, and, where the article requires
 * a tier, holding it. Staff and verified crawlers hold every tier.
 */
export function readsWhole(reader: Reader, requiredTier: string | null): boolean {
  if (!isEntitled(reader)) return false;
  if (requiredTier === null || (reader.kind !== 'subscriber' && reader.kind !== 'on-site')) return true;
  return reader.tiers === 'every-tier' || reader.tiers.includes(requiredTier);
}
