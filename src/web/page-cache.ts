import { LRUCache } from 'lru-cache';

/**
 * What one app instance keeps of rendered pages and the data behind them, least recently used out
 * first. Keys carry the content version (and a minute, for articles whose publication time arrives
 * without a save), so entries never need to be invalidated: a change makes new keys, and old
 * entries fall out.
 */
export type PageCache<Value extends {}> = {
  get: (key: string) => Value | undefined;
  set: (key: string, value: Value) => void;
};

export type PageCacheLimits<Value> =
  | { maxEntries: number }
  /** A budget in bytes, for values whose size varies by orders of magnitude (rendered pages). */
  | { maxEntries: number; maxBytes: number; sizeOf: (value: Value) => number };

/** A cache within the given limits; with no entries allowed it keeps nothing (development, tests). */
export function createPageCache<Value extends {}>(limits: PageCacheLimits<Value>): PageCache<Value> {
  if (limits.maxEntries <= 0) return { get: () => undefined, set: () => {} };
  const cache =
    'maxBytes' in limits
      ? new LRUCache<string, Value>({ max: limits.maxEntries, maxSize: limits.maxBytes, sizeCalculation: (value) => Math.max(1, limits.sizeOf(value)) })
      : new LRUCache<string, Value>({ max: limits.maxEntries });
  return { get: (key) => cache.get(key), set: (key, value) => void cache.set(key, value) };
}
