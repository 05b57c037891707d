import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/config.ts';
import { openNodeSqlite } from './node-sqlite.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import type { Tables } from './tables.ts';

export type Database = Kysely<Tables>;
export type Dialect = DatabaseLocation['kind'];

export type OpenDatabase = {
  db: Database;
  dialect: Dialect;
  close: () => Promise<void>;
};

/** The database cannot be opened; the message names the file or server, never a password. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return location.file;
  const url = new URL(location.url);
  url.password = '';
  return url.toString();
}

// pg returns BIGINT (counts) as strings to keep precision; our counts fit comfortably in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type OpenDatabaseOptions = {
  /** PostgreSQL schema to use instead of public (each test file gets its own). */
  schema?: string;
  poolSize?: number;
};

export async function openDatabase(location: DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  if (location.kind === 'sqlite') {
    let sqlite: ReturnType<typeof openNodeSqlite>;
    try {
      sqlite = openNodeSqlite(location.file);
    } catch (error) {
      throw new DatabaseUnavailableError(
        `Cannot open the SQLite database ${describeLocation(location)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${describeLocation(location)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
