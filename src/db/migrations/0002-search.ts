import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';

/**
 * The search index: an FTS5 table on SQLite, a weighted tsvector with a GIN index on PostgreSQL.
 * Both keep the open text beside the index so results can show highlighted snippets; the locked
 * text is indexed for matching only.
 */
export function searchMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        await sql`create virtual table article_search using fts5(
          headline, standfirst, body, locked,
          tokenize = 'porter unicode61 remove_diacritics 2'
        )`.execute(db);
        return;
      }
      await db.schema
        .createTable('article_search')
        .addColumn('rowid', 'integer', (column) => column.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('headline', 'text', (column) => column.notNull())
        .addColumn('standfirst', 'text', (column) => column.notNull())
        .addColumn('body', 'text', (column) => column.notNull())
        .addColumn('locked', 'text', (column) => column.notNull())
        .addColumn('document', sql`tsvector`, (column) =>
          column
            .generatedAlwaysAs(
              sql`setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', standfirst), 'B') || setweight(to_tsvector('english', body), 'C') || setweight(to_tsvector('english', locked), 'C')`,
            )
            .stored(),
        )
        .execute();
      await sql`create index article_search_document on article_search using gin (document)`.execute(db);
    },
  };
}
