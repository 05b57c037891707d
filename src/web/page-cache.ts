/**
 * A small least-recently-used cache of one app instance. Keys carry the content version (and a
 * minute, for articles whose publication time arrives without a save), so entries never need to be
 * invalidated: a change makes new keys, and old entries fall out.
 */
export type PageCache<Value> = {
  get: (key: string) => Value | undefined;
  set: (key: string, value: Value) => void;
};

export function createPageCache<Value>(maxEntries: number): PageCache<Value> {
  const entries = new Map<string, Value>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}

/** The part of a cache key that changes when content does or a minute passes. */
export function cacheEpoch(contentVersion: number, now: Date): string {
  return `${contentVersion}:${Math.floor(now.getTime() / 60_000)}`;
}
