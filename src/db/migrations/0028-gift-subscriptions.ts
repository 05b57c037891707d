import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Gift subscriptions: months of a plan's access bought for someone else with one payment (see
 * src/gift-subscriptions/CONTEXT.md and docs/decisions/0041-gift-subscriptions.md). The redemption
 * code is signed over the id and `code_nonce`, so the table alone redeems nothing. A redemption sets
 * `redeemed_at` and `access_until` together; the buyer and the recipient are kept by name and address,
 * since neither needs an account to buy or to be given one.
 */
export function giftSubscriptionsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('gift_subscriptions')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('months', 'integer', (column) => column.notNull().check(sql`months in (3, 6, 12)`))
        .addColumn('price_minor', 'integer', (column) => column.notNull().check(sql`price_minor >= 0`))
        .addColumn('currency', 'text', (column) => column.notNull())
        .addColumn('buyer_name', 'text', (column) => column.notNull())
        .addColumn('buyer_email', 'text', (column) => column.notNull())
        .addColumn('buyer_account_id', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('recipient_name', 'text', (column) => column.notNull())
        .addColumn('recipient_email', 'text', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('delivery_day', 'text', (column) => column.notNull())
        .addColumn('deliver_at', 'text', (column) => column.notNull())
        .addColumn('code_nonce', 'text', (column) => column.notNull().unique())
        .addColumn('provider', 'text', (column) => column.notNull().check(sql`provider in ('test', 'stripe')`))
        .addColumn('checkout_session_id', 'text', (column) => column.unique())
        .addColumn('paid_at', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('redeemed_at', 'text')
        .addColumn('redeemed_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('access_until', 'text')
        .addColumn('reminder_sent_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('revoke_reason', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addCheckConstraint('gift_subscriptions_redeemed_with_end', sql`(redeemed_at is null) = (access_until is null)`)
        .execute();
      await db.schema.createIndex('gift_subscriptions_by_recipient').on('gift_subscriptions').columns(['redeemed_by', 'access_until']).execute();
      await db.schema.createIndex('gift_subscriptions_by_buyer').on('gift_subscriptions').column('buyer_account_id').execute();
      await db.schema.createIndex('gift_subscriptions_by_delivery').on('gift_subscriptions').column('deliver_at').execute();
      await db.schema.createIndex('gift_subscriptions_by_end').on('gift_subscriptions').column('access_until').execute();
    },
  };
}
