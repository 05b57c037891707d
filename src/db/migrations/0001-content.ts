import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

export function contentMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sections')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('position', 'integer', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('authors')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('bio', 'text', (column) => column.notNull().defaultTo(''))
        .execute();

      await db.schema
        .createTable('sponsors')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('disclosure', 'text', (column) => column.notNull())
        .addColumn('url', 'text', (column) => column.notNull().defaultTo(''))
        .execute();

      await db.schema
        .createTable('images')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('key', 'text', (column) => column.notNull().unique())
        .addColumn('width', 'integer', (column) => column.notNull())
        .addColumn('height', 'integer', (column) => column.notNull())
        .addColumn('alt', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('articles')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('section_id', 'integer', (column) => column.notNull().references('sections.id'))
        .addColumn('headline', 'text', (column) => column.notNull())
        .addColumn('standfirst', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('dateline', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('body_markdown', 'text', (column) => column.notNull())
        .addColumn('body_blocks', 'text', (column) => column.notNull())
        .addColumn('lead_image_id', 'integer', (column) => column.references('images.id'))
        .addColumn('lead_image_caption', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('lead_image_credit', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('access_level', 'text', (column) => column.notNull().check(sql`access_level in ('free', 'metered', 'registered', 'premium')`))
        .addColumn('preview_block_count', 'integer', (column) => column.notNull().defaultTo(2))
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('draft', 'scheduled', 'published')`))
        .addColumn('sponsor_id', 'integer', (column) => column.references('sponsors.id'))
        .addColumn('published_at', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('articles_by_status_and_time').on('articles').columns(['status', 'published_at']).execute();
      await db.schema.createIndex('articles_by_section_and_time').on('articles').columns(['section_id', 'status', 'published_at']).execute();

      await db.schema
        .createTable('article_authors')
        .addColumn('article_id', 'integer', (column) => column.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (column) => column.notNull().references('authors.id'))
        .addColumn('position', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
        .execute();
      await db.schema.createIndex('article_authors_by_author').on('article_authors').column('author_id').execute();
    },
  };
}
