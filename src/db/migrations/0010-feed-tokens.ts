import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Subscribers' private feed addresses. Only the token's SHA-256 is kept, like a session's. At most one
 * token per account is in use: the partial unique index makes two replacements racing on two app
 * instances end with one live token, not two.
 */
export function feedTokensMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feed_tokens')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (column) => column.notNull().unique())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('feed_tokens_one_live_per_account')
        .on('feed_tokens')
        .column('account_id')
        .unique()
        .where(sql.ref('revoked_at'), 'is', null)
        .execute();
    },
  };
}
