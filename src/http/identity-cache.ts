/**
 * Who a session belongs to, as one app instance last looked it up. What an identity holds is
 * reader-identity.ts's business; the cache only keeps it, so the two do not import each other.
 */
export type IdentityCache<Identity> = {
  get: (sessionToken: string) => Identity | undefined;
  set: (sessionToken: string, identity: Identity) => void;
  /** Look everyone up afresh: this instance has just changed something (a log-out, a payment). */
  forgetAll: () => void;
};

/**
 * Keeps each signed-in reader's identity (account, role, subscription standing) for `maxAgeMs`, so
 * a reader paging through the site costs one lookup a second rather than one a page. A change made
 * through this instance is seen at once; one made elsewhere (another instance, the job loop), within
 * `maxAgeMs`. Only sessions that exist are kept, so made-up tokens cannot fill it.
 */
export function createIdentityCache<Identity>({
  maxAgeMs,
  maxEntries = 10_000,
  clock = () => performance.now(),
}: {
  maxAgeMs: number;
  maxEntries?: number;
  clock?: () => number;
}): IdentityCache<Identity> {
  const entries = new Map<string, { identity: Identity; keptAt: number }>();
  return {
    get(sessionToken) {
      const entry = entries.get(sessionToken);
      if (entry === undefined) return undefined;
      if (clock() - entry.keptAt >= maxAgeMs) {
        entries.delete(sessionToken);
        return undefined;
      }
      return entry.identity;
    },
    set(sessionToken, identity) {
      if (maxAgeMs <= 0) return;
      entries.delete(sessionToken);
      entries.set(sessionToken, { identity, keptAt: clock() });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    forgetAll() {
      entries.clear();
    },
  };
}
