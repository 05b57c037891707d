import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * Gift links: a subscriber's signed link that opens one article in full for anyone. The link's
 * token is kept only as its SHA-256; the row counts its opens and records its revocation. `period`
 * is the publication's month the gift was given in, which the monthly allowance counts by.
 */
export function giftLinksMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('gift_links')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('article_id', 'integer', (column) => column.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (column) => column.notNull().unique())
        .addColumn('period', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('opens_count', 'integer', (column) => column.notNull().defaultTo(0).check(sql`opens_count >= 0`))
        .addColumn('max_opens', 'integer', (column) => column.notNull().check(sql`max_opens > 0`))
        .execute();
      await db.schema.createIndex('gift_links_by_giver').on('gift_links').columns(['account_id', 'period']).execute();
    },
  };
}
