import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';

/**
 * A second search index holding only what every reader may read: headline, standfirst and the open
 * text. Readers who may not read the locked text search this one, so neither their matches nor the
 * index's statistics (bm25's word frequencies and document lengths) depend on the locked text.
 * `article_search` keeps the whole text for staff and entitled subscribers.
 */
export function searchOpenIndexMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        await sql`create virtual table article_open_search using fts5(
          headline, standfirst, body,
          tokenize = 'porter unicode61 remove_diacritics 2'
        )`.execute(db);
      } else {
        await db.schema
          .createTable('article_open_search')
          .addColumn('rowid', 'integer', (column) => column.primaryKey().references('articles.id').onDelete('cascade'))
          .addColumn('headline', 'text', (column) => column.notNull())
          .addColumn('standfirst', 'text', (column) => column.notNull())
          .addColumn('body', 'text', (column) => column.notNull())
          .addColumn('document', sql`tsvector`, (column) =>
            column
              .generatedAlwaysAs(
                sql`setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', standfirst), 'B') || setweight(to_tsvector('english', body), 'C')`,
              )
              .stored(),
          )
          .execute();
        await sql`create index article_open_search_document on article_open_search using gin (document)`.execute(db);
      }
      await sql`insert into article_open_search (rowid, headline, standfirst, body) select rowid, headline, standfirst, body from article_search`.execute(db);
    },
  };
}
