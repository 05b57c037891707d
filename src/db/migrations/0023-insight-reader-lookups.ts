import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The ledger's index by reader key goes: every read put a random key into it, and keeping it cost the
 * serving process several times the insert itself (SQLite writes each page it touches again, and a
 * random key touches a different page each time), growing with the ledger. What looks readers up by
 * key now reads a window of time instead (insight-rollups.ts, experiment-tallies.ts), except the
 * registrations, few and looked up by either key, which keep small indexes of their own.
 */
export function insightReaderLookupsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`drop index insight_events_by_reader`.execute(db);
      await sql`create index insight_events_registered_by_reader on insight_events (reader_key) where kind = 'registered'`.execute(db);
      await sql`create index insight_events_registered_by_link on insight_events (linked_key) where kind = 'registered'`.execute(db);
    },
  };
}
