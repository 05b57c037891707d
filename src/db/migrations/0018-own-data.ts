import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A reader's own data: requests to delete an account, each waiting for the link mailed to the
 * account's address. The token is kept only as its hash; the request goes with the account.
 */
export function ownDataMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account_deletion_requests')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('account_deletion_requests_by_account').on('account_deletion_requests').column('account_id').execute();
    },
  };
}
