import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Requests to move an account to a new e-mail address, each waiting for the link mailed to that
 * address: the address changes only when its owner follows it. The token is kept only as its hash.
 */
export function emailChangeRequestsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('email_change_requests')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('new_email', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('email_change_requests_by_account').on('email_change_requests').column('account_id').execute();
      // Old requests are cleared by their expiry (see src/accounts/email-changes.ts).
      await db.schema.createIndex('email_change_requests_by_expiry').on('email_change_requests').column('expires_at').execute();
    },
  };
}
