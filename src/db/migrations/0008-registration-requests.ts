import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Registrations waiting for the mailed link that finishes them: the account is made only when the
 * address's owner follows it, so the registration form need not say whether an address is taken.
 */
export function registrationRequestsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('registration_requests')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('email', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('next_path', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();
      // Old requests are cleared by their expiry (see src/accounts/registration-requests.ts).
      await db.schema.createIndex('registration_requests_by_expiry').on('registration_requests').column('expires_at').execute();
    },
  };
}
