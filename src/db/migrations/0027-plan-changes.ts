import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Plan changes: every move of a subscription from one plan to another, applied at once (an upgrade)
 * or scheduled for the period's end (a downgrade), and what it cost. A subscription has at most one
 * change waiting, which the partial index holds even against two requests at once.
 */
export function planChangesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(db.schema.createTable('plan_changes'), dialect)
        .addColumn('subscription_id', 'integer', (column) => column.notNull().references('subscriptions.id').onDelete('cascade'))
        .addColumn('from_plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('to_plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('direction', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('amount_minor', 'integer', (column) => column.notNull())
        .addColumn('currency', 'text', (column) => column.notNull())
        .addColumn('requested_at', 'text', (column) => column.notNull())
        .addColumn('effective_at', 'text', (column) => column.notNull())
        .addColumn('settled_at', 'text')
        .execute();
      await db.schema.createIndex('plan_changes_by_subscription').on('plan_changes').columns(['subscription_id', 'requested_at']).execute();
      await sql`create unique index plan_changes_one_waiting on plan_changes (subscription_id) where status = 'scheduled'`.execute(db);
      await sql`create index plan_changes_waiting_by_time on plan_changes (effective_at) where status = 'scheduled'`.execute(db);
    },
  };
}
