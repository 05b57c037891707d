import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Dunning: the card a reader pays with (its expiry, for the warning before it runs out) and the
 * reminders sent while a payment is failing, one row per reminder so each goes out once.
 */
export function dunningMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_cards')
        .addColumn('account_id', 'integer', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('card_last4', 'text', (column) => column.notNull())
        .addColumn('expiry_month', 'integer', (column) => column.notNull())
        .addColumn('expiry_year', 'integer', (column) => column.notNull())
        .addColumn('expiry_warned_at', 'text')
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('payment_cards_by_expiry').on('payment_cards').columns(['expiry_year', 'expiry_month']).execute();

      await db.schema
        .createTable('dunning_reminders')
        .addColumn('subscription_id', 'integer', (column) => column.notNull().references('subscriptions.id').onDelete('cascade'))
        // The failing spell the reminder belongs to: a later failure starts a new one with its own three reminders.
        .addColumn('past_due_since', 'text', (column) => column.notNull())
        .addColumn('day', 'integer', (column) => column.notNull())
        .addColumn('sent_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('dunning_reminders_pk', ['subscription_id', 'past_due_since', 'day'])
        .execute();
    },
  };
}
