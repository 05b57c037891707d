import { LRUCache } from 'lru-cache';
import { cacheEpoch, type ContentVersionSource } from '../settings/content-version.ts';
import { loadEdition, type Edition, type EditionSources } from './edition.ts';

/** Editions as one app instance keeps them, for every channel that reads articles. */
export type EditionCache = {
  /** The edition of the article published under `slug` now; null when none is. */
  find: (slug: string, now: Date) => Promise<Edition | null>;
};

/**
 * Keeps up to `maxEntries` editions, and the slugs that have none, least recently used out first;
 * with no entries allowed it keeps nothing (development). Keys carry the content version and the
 * minute (docs/decisions/0006), so an edit, a new offer or a setting saved through any instance is
 * read afresh, and an article scheduled for a minute appears within it.
 */
export function createEditionCache(sources: EditionSources & { contentVersion: ContentVersionSource }, { maxEntries }: { maxEntries: number }): EditionCache {
  const kept = maxEntries > 0 ? new LRUCache<string, Edition | 'missing'>({ max: maxEntries }) : null;
  return {
    async find(slug, now) {
      const key = `${cacheEpoch(await sources.contentVersion.current(), now)}:${slug}`;
      let edition = kept?.get(key);
      if (edition === undefined) {
        edition = (await loadEdition(sources, { key, slug, now })) ?? 'missing';
        kept?.set(key, edition);
      }
      return edition === 'missing' ? null : edition;
    },
  };
}
