import { readsWhole, type Reader } from '../access/reader.ts';

/**
 * The text a search may match: everything an article holds, or only what every reader may read
 * (headline, standfirst and the open text). A match is itself a disclosure, so a search never
 * reaches text the reader could not read; see docs/decisions/0013.
 */
export type SearchScope = 'whole-text' | 'open-text';

/**
 * Readers who read every article in full (staff, verified crawlers, subscribers holding every tier
 * of the publication's) search the whole text; everyone else the open text only. A metered article
 * the reader has not used up their meter on is not yet theirs to read, so its locked text stays out
 * of their search too; so does a tier-locked article's for a subscriber whose plan lacks the tier,
 * which leaves them the open text of every article (docs/decisions/0039).
 */
export function searchScopeOf(reader: Reader, publicationTiers: readonly string[]): SearchScope {
  const readsEverything = readsWhole(reader, null) && publicationTiers.every((tier) => readsWhole(reader, tier));
  return readsEverything ? 'whole-text' : 'open-text';
}
