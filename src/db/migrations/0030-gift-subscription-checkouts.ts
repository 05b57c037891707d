import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A gift's checkout: `checkout_session_id` (0028) holds Dateline's own id for it, the secret the
 * receipt's address and test mode's payment page carry; `provider_session_id` holds the provider's
 * (Stripe's Checkout Session), which the receipt asks about while the buyer waits.
 */
export function giftSubscriptionCheckoutsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('gift_subscriptions').addColumn('provider_session_id', 'text').execute();
      // An index, not a column constraint: SQLite adds no UNIQUE column to a table that exists.
      await db.schema.createIndex('gift_subscriptions_by_provider_session').on('gift_subscriptions').column('provider_session_id').unique().execute();
    },
  };
}
