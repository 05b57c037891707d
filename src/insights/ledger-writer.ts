import { type Insertable, sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import type { InsightTables } from './insight-tables.ts';
import { ledgerColumns } from './ledger-thread-messages.ts';

export type EventRow = Insertable<InsightTables['insight_events']>;

/** Where the ledger's batches are written: a batch is written whole or refused whole. */
export type LedgerWriter = {
  rowsPerWrite: number;
  write: (rows: readonly EventRow[]) => Promise<void>;
  close: () => Promise<void>;
};

/**
 * One batch as one statement with one parameter, the rows as JSON that the database unpacks itself:
 * a thousand rows of eighteen columns bound one by one through the query builder cost several times
 * the insert. SQLite gets each row as an array, so it reads a value by its place rather than looking
 * up eighteen names per row.
 */
function insertBatch(db: Database, dialect: Dialect, rows: readonly EventRow[]) {
  const names = sql.join(ledgerColumns.map((column) => sql.ref(column)));
  if (dialect === 'postgres') {
    const json = JSON.stringify(rows);
    return sql`insert into insight_events (${names}) select ${names} from json_populate_recordset(null::insight_events, ${json}::json) on conflict (id) do nothing`.execute(
      db,
    );
  }
  const json = JSON.stringify(rows.map((row) => ledgerColumns.map((column) => row[column] ?? null)));
  const values = sql.join(ledgerColumns.map((_, place) => sql`value ->> ${sql.lit(place)}`));
  // "where true": SQLite reads an upsert's select without it as a join's "on".
  return sql`insert into insight_events (${names}) select ${values} from json_each(${json}) where true on conflict (id) do nothing`.execute(db);
}

/** Writes through the app's own connection: PostgreSQL's writes wait on the network, not the serving thread. */
export function databaseWriter(db: Database, dialect: Dialect): LedgerWriter {
  return {
    rowsPerWrite: 1_000,
    write: async (rows) => {
      await insertBatch(db, dialect, rows);
    },
    close: async () => {},
  };
}
