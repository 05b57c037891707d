import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Retention: why readers cancel (for the audience team), and the retention offers they took
 * (which test-mode renewals honour and the desk's timeline shows).
 */
export function retentionMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cancellation_reasons')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('subscription_id', 'integer', (column) => column.notNull().references('subscriptions.id').onDelete('cascade'))
        .addColumn('reason', 'text')
        .addColumn('comment', 'text')
        .addColumn('offer_kind', 'text', (column) => column.check(sql`offer_kind in ('discount', 'pause')`))
        .addColumn('outcome', 'text', (column) => column.notNull().check(sql`outcome in ('canceled', 'stayed')`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('cancellation_reasons_by_time').on('cancellation_reasons').column('created_at').execute();
      await db.schema.createIndex('cancellation_reasons_by_account').on('cancellation_reasons').column('account_id').execute();

      await db.schema
        .createTable('retention_redemptions')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('subscription_id', 'integer', (column) => column.notNull().references('subscriptions.id').onDelete('cascade'))
        .addColumn('kind', 'text', (column) => column.notNull().check(sql`kind in ('discount', 'pause')`))
        .addColumn('percent_off', 'integer')
        .addColumn('periods_left', 'integer')
        .addColumn('paused_until', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('retention_redemptions_by_subscription').on('retention_redemptions').column('subscription_id').execute();
      // One retention offer per reader, ever: the index refuses a second, from another tab or instance.
      await db.schema.createIndex('retention_redemptions_one_per_reader').on('retention_redemptions').column('account_id').unique().execute();
    },
  };
}
