import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

const newRoles = "'reader', 'contributor', 'author', 'editor', 'admin', 'support'";

/**
 * The readers' desk: the `support` role, where an account came from, the payment ledger, access
 * the publication gives, the desk's notes, a reader's history and the mails sent to them.
 */
export function readersDeskMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await allowSupportRole(db, dialect);
      await db.schema
        .alterTable('accounts')
        .addColumn('source', 'text', (column) => column.notNull().defaultTo('website').check(sql`source in ('website', 'import')`))
        .execute();
      await db.schema.createIndex('accounts_by_created_at').on('accounts').column('created_at').execute();
      await db.schema.createIndex('accounts_by_name').on('accounts').expression(sql`lower(name)`).execute();

      await db.schema
        .createTable('payments')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('subscription_id', 'integer', (column) => column.references('subscriptions.id').onDelete('set null'))
        .addColumn('provider', 'text', (column) => column.notNull().check(sql`provider in ('test', 'stripe')`))
        .addColumn('provider_payment_id', 'text', (column) => column.unique())
        .addColumn('kind', 'text', (column) => column.notNull().check(sql`kind in ('charge', 'refund')`))
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('succeeded', 'failed')`))
        .addColumn('amount_minor', 'integer', (column) => column.notNull().check(sql`amount_minor >= 0`))
        .addColumn('currency', 'text', (column) => column.notNull())
        .addColumn('refund_of', 'integer', (column) => column.references('payments.id'))
        .addColumn('occurred_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('payments_by_account').on('payments').columns(['account_id', 'occurred_at']).execute();
      await db.schema.createIndex('payments_by_time').on('payments').column('occurred_at').execute();

      await db.schema
        .createTable('complimentary_access')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('starts_at', 'text', (column) => column.notNull())
        .addColumn('ends_at', 'text')
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('granted_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('revoked_at', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('complimentary_access_by_account').on('complimentary_access').column('account_id').execute();

      await db.schema
        .createTable('reader_notes')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('text', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('reader_notes_by_account').on('reader_notes').column('account_id').execute();

      await db.schema
        .createTable('reader_events')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('occurred_at', 'text', (column) => column.notNull())
        .addColumn('actor_id', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('detail', 'text', (column) => column.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('reader_events_by_account').on('reader_events').columns(['account_id', 'occurred_at']).execute();

      await db.schema
        .createTable('sent_mails')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('sent_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('sent_mails_by_account').on('sent_mails').columns(['account_id', 'sent_at']).execute();
    },
  };
}

/**
 * Widens the role check to take `support`. PostgreSQL drops the constraint and adds the wider one.
 * SQLite cannot alter a check, and rebuilding `accounts` would set off every foreign key's
 * cascade, so the column is replaced: renamed, a new one added with the wider check, the roles
 * copied over, the old column dropped (with the check that belongs to it).
 */
async function allowSupportRole(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table accounts drop constraint accounts_role_check`.execute(db);
    await sql.raw(`alter table accounts add constraint accounts_role_check check (role in (${newRoles}))`).execute(db);
    return;
  }
  await sql`alter table accounts rename column role to role_before_support`.execute(db);
  await sql.raw(`alter table accounts add column role text not null default 'reader' check (role in (${newRoles}))`).execute(db);
  await sql`update accounts set role = role_before_support`.execute(db);
  await sql`alter table accounts drop column role_before_support`.execute(db);
}
