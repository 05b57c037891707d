import { cacheEpoch } from '../settings/content-version.ts';
import type { SearchPage, SearchResults } from './search-page.ts';

type Search = (page: SearchPage) => Promise<SearchResults>;

/**
 * Keeps pages of results, so the searches a news site sees over and over (the day's names and
 * places) are run once per content version and minute (docs/decisions/0006), like its pages. The
 * key holds the scope, so a page of whole-text results never reaches a reader of the open text.
 * A search under way is shared by whoever asks the same meanwhile; one that fails is not kept.
 */
export function cacheSearchPages(search: Search, { contentVersion, maxEntries }: { contentVersion: () => Promise<number>; maxEntries: number }): Search {
  const kept = new Map<string, Promise<SearchResults>>();
  return async (page) => {
    const { query, scope, now, limit, offset } = page;
    // The index reads the query from its lower-cased text (both its words and its FTS5 match).
    const key = JSON.stringify([cacheEpoch(await contentVersion(), now), scope, query.text.toLowerCase(), limit, offset]);
    const known = kept.get(key);
    if (known) {
      // Map keeps insertion order: moved to the end, the page is the last to be dropped.
      kept.delete(key);
      kept.set(key, known);
      return known;
    }
    const results = search(page);
    kept.set(key, results);
    if (kept.size > maxEntries) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
    results.catch(() => {
      if (kept.get(key) === results) kept.delete(key);
    });
    return results;
  };
}
