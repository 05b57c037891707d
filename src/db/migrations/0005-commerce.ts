import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

export function commerceMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plans')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('benefits', 'text', (column) => column.notNull().defaultTo('[]'))
        .addColumn('price_minor', 'integer', (column) => column.notNull().check(sql`price_minor >= 0`))
        .addColumn('currency', 'text', (column) => column.notNull())
        .addColumn('billing_interval', 'text', (column) => column.notNull().check(sql`billing_interval in ('month', 'year')`))
        .addColumn('is_active', 'integer', (column) => column.notNull().defaultTo(1))
        .addColumn('stripe_price_id', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('offers')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('headline', 'text', (column) => column.notNull())
        .addColumn('copy', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('terms_kind', 'text', (column) => column.notNull().check(sql`terms_kind in ('introductory-price', 'free-trial', 'standard')`))
        .addColumn('intro_price_minor', 'integer')
        .addColumn('intro_periods', 'integer')
        .addColumn('trial_days', 'integer')
        .addColumn('starts_at', 'text')
        .addColumn('ends_at', 'text')
        .addColumn('redemption_cap', 'integer')
        .addColumn('redemption_count', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('is_retired', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('stripe_coupon_id', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('subscriptions')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('offer_id', 'integer', (column) => column.references('offers.id'))
        .addColumn('provider', 'text', (column) => column.notNull().check(sql`provider in ('test', 'stripe')`))
        .addColumn('provider_subscription_id', 'text', (column) => column.unique())
        .addColumn('provider_customer_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('trialing', 'active', 'past_due', 'canceled', 'expired')`))
        .addColumn('current_period_end', 'text', (column) => column.notNull())
        .addColumn('trial_end', 'text')
        .addColumn('past_due_since', 'text')
        .addColumn('ended_from', 'text')
        .addColumn('resume_to', 'text')
        .addColumn('intro_periods_left', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('trial_reminder_sent_at', 'text')
        .addColumn('provider_event_at', 'text')
        .addColumn('version', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      // One live subscription per reader: a double-clicked subscribe button cannot make two.
      await sql`create unique index subscriptions_one_live_per_account on subscriptions (account_id) where status <> 'expired'`.execute(db);
      await db.schema.createIndex('subscriptions_by_status').on('subscriptions').columns(['status', 'current_period_end']).execute();

      await db.schema
        .createTable('checkout_sessions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('offer_id', 'integer', (column) => column.notNull().references('offers.id'))
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('provider_session_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('open', 'completed', 'failed')`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('completed_at', 'text')
        .execute();

      await db.schema
        .createTable('payment_events')
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('event_id', 'text', (column) => column.notNull())
        .addColumn('event_type', 'text', (column) => column.notNull())
        .addColumn('received_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'event_id'])
        .execute();

      await db.schema
        .createTable('test_payment_methods')
        .addColumn('account_id', 'integer', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
        .addColumn('card_last4', 'text', (column) => column.notNull())
        .addColumn('is_declining', 'integer', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
    },
  };
}
