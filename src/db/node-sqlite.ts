import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const statementCacheSize = 256;

function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  if (value === null || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || value instanceof Uint8Array) {
    return value;
  }
  throw new TypeError(`SQLite cannot store a value of type ${typeof value}`);
}

function adaptStatement(statement: StatementSync): SqliteStatement {
  const spread = (parameters: ReadonlyArray<unknown>) => parameters.map(toSqliteValue);
  return {
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...spread(parameters)),
    run: (parameters) => statement.run(...spread(parameters)),
    iterate: (parameters) => statement.iterate(...spread(parameters)),
  };
}

/**
 * Kysely's SQLite dialect speaks better-sqlite3's statement API; node:sqlite takes its parameters
 * spread rather than as one array. This adapter bridges the two and keeps recently used statements
 * prepared, since Kysely prepares the same SQL again on every query.
 */
export function openNodeSqlite(file: string): SqliteDatabase & { readonly native: DatabaseSync } {
  const native = new DatabaseSync(file, { timeout: 5000 });
  native.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  const prepared = new Map<string, SqliteStatement>();
  return {
    native,
    close: () => {
      prepared.clear();
      native.close();
    },
    prepare: (sql) => {
      const cached = prepared.get(sql);
      if (cached) return cached;
      const statement = adaptStatement(native.prepare(sql));
      if (prepared.size >= statementCacheSize) {
        const oldest = prepared.keys().next().value;
        if (oldest !== undefined) prepared.delete(oldest);
      }
      prepared.set(sql, statement);
      return statement;
    },
  };
}
