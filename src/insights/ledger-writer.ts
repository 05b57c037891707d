import { sql } from 'kysely';
import type { SQLInputValue } from 'node:sqlite';
import type { Database, Dialect } from '../db/database.ts';
import { createRowFinisher, ledgerColumns, type PendingRow } from './ledger-rows.ts';
import type { ReaderKeys } from './reader-key.ts';

/** Where the ledger's batches are written: a batch is written whole or refused whole. */
export type LedgerWriter = {
  rowsPerWrite: number;
  write: (rows: readonly PendingRow[]) => Promise<void>;
  close: () => Promise<void>;
};

/**
 * One batch as one statement with one parameter, the rows as JSON that the database unpacks itself:
 * a thousand rows of eighteen columns bound one by one through the query builder cost several times
 * the insert. SQLite gets each row as an array, so it reads a value by its place rather than looking
 * up eighteen names per row.
 */
function insertBatch(db: Database, dialect: Dialect, rows: readonly SQLInputValue[][]) {
  const names = sql.join(ledgerColumns.map((column) => sql.ref(column)));
  if (dialect === 'postgres') {
    const json = JSON.stringify(rows.map((row) => Object.fromEntries(ledgerColumns.map((column, place) => [column, row[place]]))));
    return sql`insert into insight_events (${names}) select ${names} from json_populate_recordset(null::insight_events, ${json}::json) on conflict (id) do nothing`.execute(
      db,
    );
  }
  const json = JSON.stringify(rows);
  const values = sql.join(ledgerColumns.map((_, place) => sql`value ->> ${sql.lit(place)}`));
  // "where true": SQLite reads an upsert's select without it as a join's "on".
  return sql`insert into insight_events (${names}) select ${values} from json_each(${json}) where true on conflict (id) do nothing`.execute(db);
}

/** Writes through the app's own connection: PostgreSQL's writes wait on the network, not the serving thread. */
export function databaseWriter(db: Database, dialect: Dialect, keys: ReaderKeys): LedgerWriter {
  const finish = createRowFinisher(keys);
  return {
    rowsPerWrite: 1_000,
    write: async (rows) => {
      await insertBatch(db, dialect, rows.map(finish));
    },
    close: async () => {},
  };
}
