import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The insights' daily rollups, which /admin/insights reads instead of the ledger (src/insights/insight-rollup-tables.ts). */
export function insightRollupsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('insight_rollup_days')
        .addColumn('day', 'text', (column) => column.primaryKey())
        .addColumn('rolled_at', 'text', (column) => column.notNull())
        .addColumn('is_final', 'integer', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('insight_daily_counts')
        .addColumn('day', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('detail', 'text')
        .addColumn('source', 'text')
        .addColumn('offer_id', 'integer')
        .addColumn('plan_id', 'integer')
        .addColumn('events', 'integer', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('insight_daily_counts_by_day').on('insight_daily_counts').columns(['day', 'kind']).execute();
      await db.schema
        .createTable('insight_daily_readers')
        .addColumn('day', 'text', (column) => column.notNull())
        .addColumn('step', 'text', (column) => column.notNull())
        .addColumn('sketch', 'text', (column) => column.notNull())
        .addColumn('readers', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('insight_daily_readers_pk', ['day', 'step'])
        .execute();
      await db.schema
        .createTable('insight_monthly_readers')
        .addColumn('month', 'text', (column) => column.notNull())
        .addColumn('step', 'text', (column) => column.notNull())
        .addColumn('sketch', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('insight_monthly_readers_pk', ['month', 'step'])
        .execute();
      // The insights' takings read a year of the payment ledger from this index alone.
      await db.schema
        .createIndex('payments_for_insights')
        .on('payments')
        .columns(['occurred_at', 'kind', 'status', 'currency', 'subscription_id', 'amount_minor'])
        .execute();
      await db.schema
        .createTable('insight_daily_attributions')
        .addColumn('day', 'text', (column) => column.notNull())
        .addColumn('goal', 'text', (column) => column.notNull())
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('dimension', 'text', (column) => column.notNull())
        .addColumn('subject_id', 'integer', (column) => column.notNull())
        .addColumn('conversions', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('insight_daily_attributions_pk', ['day', 'goal', 'model', 'dimension', 'subject_id'])
        .execute();
    },
  };
}
