import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Meter rules (src/access/meter-rules.ts): an editor's exceptions to the meter limit, in the order
 * they are tried; and, on each counted read of a registered reader, the rule it was counted under.
 * Rules are retired, never deleted, so every read keeps the rule it names.
 */
export function meterRulesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('meter_rules')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull().check(sql`state in ('active', 'paused', 'retired')`))
        .addColumn('source', 'text')
        .addColumn('reader_kind', 'text', (column) => column.check(sql`reader_kind in ('anonymous', 'registered', 'lapsed')`))
        .addColumn('campaign', 'text')
        .addColumn('section_id', 'integer', (column) => column.references('sections.id'))
        .addColumn('effect', 'text', (column) => column.notNull().check(sql`effect in ('more', 'fewer', 'set')`))
        .addColumn('articles', 'integer', (column) => column.notNull().check(sql`articles between 0 and 100`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('meter_rules_in_order').on('meter_rules').columns(['state', 'position']).execute();
      await db.schema
        .alterTable('meter_reads')
        .addColumn('meter_rule_id', 'integer', (column) => column.references('meter_rules.id'))
        .execute();
    },
  };
}
