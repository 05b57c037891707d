import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

export function accountsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('email', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (column) => column.notNull().check(sql`role in ('reader', 'contributor', 'author', 'editor', 'admin')`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('sessions_by_account').on('sessions').column('account_id').execute();

      await db.schema
        .createTable('login_tokens')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (column) => column.notNull().check(sql`purpose in ('magic-link', 'password-reset')`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();

      await db.schema
        .createTable('meter_reads')
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('period', 'text', (column) => column.notNull())
        .addColumn('article_id', 'integer', (column) => column.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('read_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('meter_reads_pk', ['account_id', 'period', 'article_id'])
        .execute();

      await db.schema
        .createTable('rate_limit_hits')
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('window_start', 'bigint', (column) => column.notNull())
        .addColumn('hits', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('rate_limit_hits_pk', ['key', 'window_start'])
        .execute();
    },
  };
}
