import { sql } from 'kysely';
import type { DatabaseLocation } from '../config/config.ts';
import { openDatabase, type Database, type Dialect, type OpenDatabase } from '../db/database.ts';

/**
 * The database a backup is taken from or restored into: the configured one; on PostgreSQL, a
 * schema may be named as well (the tests give each file a schema of its own). Without one, the
 * connection's own search path decides, as it does for the server.
 */
export type BackupDatabase = Extract<DatabaseLocation, { kind: 'sqlite' }> | (Extract<DatabaseLocation, { kind: 'postgres' }> & { schema?: string });

export async function openBackupDatabase(database: BackupDatabase): Promise<OpenDatabase> {
  if (database.kind === 'sqlite') return openDatabase(database);
  return openDatabase({ kind: 'postgres', url: database.url }, { poolSize: 2, ...(database.schema === undefined ? {} : { schema: database.schema }) });
}

/** Does the database (on PostgreSQL, the connection's current schema) already hold Dateline's tables? Migrations leave their record in every one. */
export async function hasDatelineTables(db: Database, dialect: Dialect): Promise<boolean> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ count: number }>`select count(*) as count from sqlite_schema where type = 'table' and name = 'kysely_migration'`.execute(db)
      : await sql<{
          count: number;
        }>`select count(*) as count from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db);
  return Number(rows[0]?.count ?? 0) > 0;
}
