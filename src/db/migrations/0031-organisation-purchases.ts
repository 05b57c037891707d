import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/**
 * A company buying seats itself (src/organisations/organisation-tables.ts): its checkouts, the
 * subscription that pays for its contract, and "purchase" as the way its buyer took a seat.
 */
export function organisationPurchasesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('seat_checkouts')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('organisation_name', 'text', (column) => column.notNull())
        .addColumn('seats', 'integer', (column) => column.notNull().check(sql`seats >= 1`))
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('provider_session_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('open', 'completed')`))
        .addColumn('organisation_id', 'integer', (column) => column.references('organisations.id').onDelete('set null'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('completed_at', 'text')
        .execute();

      await db.schema
        .createTable('organisation_subscriptions')
        .addColumn('organisation_id', 'integer', (column) => column.primaryKey().references('organisations.id').onDelete('cascade'))
        .addColumn('buyer_account_id', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('provider_subscription_id', 'text', (column) => column.unique())
        .addColumn('provider_customer_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('active', 'canceling', 'past_due', 'ended')`))
        .addColumn('current_period_end', 'text', (column) => column.notNull())
        .addColumn('past_due_since', 'text')
        .addColumn('provider_event_at', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('organisation_subscriptions_by_period_end')
        .on('organisation_subscriptions')
        .columns(['status', 'current_period_end'])
        .execute();

      // The buyer takes a seat "by purchase": the members' check names the ways in, so it is replaced.
      if (dialect === 'postgres') {
        await sql`alter table organisation_members drop constraint organisation_members_joined_by_check`.execute(db);
        await sql`alter table organisation_members add constraint organisation_members_joined_by_check check (joined_by in ('invitation', 'domain', 'staff', 'purchase'))`.execute(
          db,
        );
        return;
      }
      // SQLite cannot change a check: the table is made again with it and its rows copied over.
      await db.schema
        .createTable('organisation_members_next')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('joined_by', 'text', (column) => column.notNull().check(sql`joined_by in ('invitation', 'domain', 'staff', 'purchase')`))
        .addColumn('joined_at', 'text', (column) => column.notNull())
        .addColumn('removed_at', 'text')
        .addColumn('removed_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .execute();
      await sql`insert into organisation_members_next (id, organisation_id, account_id, joined_by, joined_at, removed_at, removed_by)
        select id, organisation_id, account_id, joined_by, joined_at, removed_at, removed_by from organisation_members`.execute(db);
      await db.schema.dropTable('organisation_members').execute();
      await sql`alter table organisation_members_next rename to organisation_members`.execute(db);
      await sql`create unique index organisation_members_one_seat on organisation_members (organisation_id, account_id) where removed_at is null`.execute(db);
      await db.schema.createIndex('organisation_members_by_account').on('organisation_members').column('account_id').execute();
    },
  };
}
