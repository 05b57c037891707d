import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Tiers (src/commerce/tier.ts): what a plan gives ("Digital", "Premium"), which tiers each plan
 * gives, and the tier a subscribers-only article or a section's subscribers-only articles require.
 * No tier is made here: a publication without tiers reads as before, every subscription opening
 * every subscribers-only article.
 */
export function tiersMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tiers')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('plan_tiers')
        .addColumn('plan_id', 'integer', (column) => column.notNull().references('plans.id').onDelete('cascade'))
        .addColumn('tier_id', 'integer', (column) => column.notNull().references('tiers.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('plan_tiers_pk', ['plan_id', 'tier_id'])
        .execute();
      await db.schema.createIndex('plan_tiers_by_tier').on('plan_tiers').column('tier_id').execute();
      for (const table of ['articles', 'sections']) {
        await db.schema
          .alterTable(table)
          .addColumn('required_tier_id', 'integer', (column) => column.references('tiers.id'))
          .execute();
      }
    },
  };
}
