import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * A counter that every change to what readers see (articles, sections, authors, sponsors,
 * settings) raises in the same transaction as the change. Each app instance keys its caches on it,
 * so a change made through any instance reaches every other one on its next request.
 */
export async function bumpContentVersion(db: Database, now: Date): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: 'content-version', value: '1', updated_at: now.toISOString() })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({ value: sql`cast(cast(settings.value as integer) + 1 as text)`, updated_at: now.toISOString() }),
    )
    .execute();
}

export async function readContentVersion(db: Database): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'content-version').executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** When the content version was last raised: the last change to anything readers see, through a save. */
export async function readContentChangedAt(db: Database): Promise<Date | null> {
  const row = await db.selectFrom('settings').select('updated_at').where('key', '=', 'content-version').executeTakeFirst();
  return row ? new Date(row.updated_at) : null;
}

/** The part of a cache key that changes when content does or a minute passes (docs/decisions/0006). */
export function cacheEpoch(contentVersion: number, now: Date): string {
  return `${contentVersion}:${Math.floor(now.getTime() / 60_000)}`;
}

/** The content version as one app instance knows it. */
export type ContentVersionSource = {
  current: () => Promise<number>;
  /** Read afresh on the next request: this instance has just changed something. */
  forget: () => void;
};

/**
 * Reads the content version at most once per `maxAgeMs`, so a page served from cache costs no
 * query. A change made through this instance is seen at once (it calls `forget`); one made through
 * another instance, within `maxAgeMs`.
 */
export function createContentVersionSource(
  db: Database,
  { maxAgeMs, clock = () => performance.now() }: { maxAgeMs: number; clock?: () => number },
): ContentVersionSource {
  let known: { version: number; readAt: number } | null = null;
  return {
    async current() {
      const at = clock();
      if (known !== null && at - known.readAt < maxAgeMs) return known.version;
      const version = await readContentVersion(db);
      known = { version, readAt: at };
      return version;
    },
    forget() {
      known = null;
    },
  };
}
