import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';

const newSources = "'website', 'import', 'newsletter'";

/**
 * Readers who came by a newsletter: registration keeps the newsletters ticked on its form until its
 * link is followed, and `accounts.source` takes 'newsletter', for the account a confirmed sign-up makes. As 0015 widened `accounts.role`: PostgreSQL drops the check and adds the
 * wider one; SQLite cannot alter a check, and rebuilding `accounts` would set off every foreign
 * key's cascade, so the column is replaced (renamed, a new one with the wider check, copied, the
 * old dropped with its check). See docs/decisions/0020-the-readers-desk.md.
 */
export function newsletterReadersMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('registration_requests')
        .addColumn('newsletter_ids', 'text', (column) => column.notNull().defaultTo('[]'))
        .execute();
      if (dialect === 'postgres') {
        await sql`alter table accounts drop constraint accounts_source_check`.execute(db);
        await sql.raw(`alter table accounts add constraint accounts_source_check check (source in (${newSources}))`).execute(db);
        return;
      }
      await sql`alter table accounts rename column source to source_before_newsletters`.execute(db);
      await sql.raw(`alter table accounts add column source text not null default 'website' check (source in (${newSources}))`).execute(db);
      await sql`update accounts set source = source_before_newsletters`.execute(db);
      await sql`alter table accounts drop column source_before_newsletters`.execute(db);
    },
  };
}
