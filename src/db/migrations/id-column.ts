import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.ts';

/** An integer key the database assigns: SQLite's rowid alias, PostgreSQL's identity column. */
export function addIdColumn<Table extends string>(table: CreateTableBuilder<Table, never>, dialect: Dialect) {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
    : table.addColumn('id', 'integer', (column) => column.primaryKey().generatedByDefaultAsIdentity());
}
