import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Where a reader goes once a checkout is paid: the article they subscribed from (a path on this
 * site, checked when stored and again when followed), or none for the account page.
 */
export function checkoutReturnPathMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('checkout_sessions').addColumn('return_path', 'text').execute();
    },
  };
}
