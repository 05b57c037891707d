import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

export function newsroomMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('articles')
        .addColumn('created_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('revision', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('article_revisions')
        .addColumn('article_id', 'integer', (column) => column.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('revision', 'integer', (column) => column.notNull())
        .addColumn('saved_at', 'text', (column) => column.notNull())
        .addColumn('saved_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('snapshot', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('article_revisions_pk', ['article_id', 'revision'])
        .execute();

      await db.schema
        .createTable('slug_redirects')
        .addColumn('old_slug', 'text', (column) => column.primaryKey())
        .addColumn('article_id', 'integer', (column) => column.notNull().references('articles.id').onDelete('cascade'))
        .execute();

      await db.schema
        .createTable('audit_log')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('account_id', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('audit_log_by_time').on('audit_log').column('at').execute();
    },
  };
}
