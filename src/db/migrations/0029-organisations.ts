import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/** Organisations, their contract, domains, IP ranges, managers, members, invitations and domain proofs (src/organisations/organisation-tables.ts). */
export function organisationsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('organisations')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('organisation_contracts')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('organisation_id', 'integer', (column) => column.notNull().unique().references('organisations.id').onDelete('cascade'))
        .addColumn('plan_id', 'integer', (column) => column.notNull().references('plans.id'))
        .addColumn('seats', 'integer', (column) => column.notNull().check(sql`seats >= 0`))
        .addColumn('starts_at', 'text', (column) => column.notNull())
        .addColumn('ends_at', 'text', (column) => column.notNull())
        .addColumn('by_invitation', 'integer', (column) => column.notNull().check(sql`by_invitation in (0, 1)`))
        .addColumn('by_domain', 'integer', (column) => column.notNull().check(sql`by_domain in (0, 1)`))
        .addColumn('by_ip_range', 'integer', (column) => column.notNull().check(sql`by_ip_range in (0, 1)`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addCheckConstraint('organisation_contracts_period', sql`starts_at < ends_at`)
        .execute();

      await db.schema
        .createTable('organisation_domains')
        .addColumn('domain', 'text', (column) => column.primaryKey())
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('organisation_domains_by_organisation').on('organisation_domains').column('organisation_id').execute();

      await db.schema
        .createTable('organisation_ip_ranges')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('ip_range', 'text', (column) => column.notNull())
        .addUniqueConstraint('organisation_ip_ranges_once', ['organisation_id', 'ip_range'])
        .execute();

      await db.schema
        .createTable('organisation_managers')
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('organisation_managers_key', ['organisation_id', 'account_id'])
        .execute();
      await db.schema.createIndex('organisation_managers_by_account').on('organisation_managers').column('account_id').execute();

      await db.schema
        .createTable('organisation_members')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('joined_by', 'text', (column) => column.notNull().check(sql`joined_by in ('invitation', 'domain', 'staff')`))
        .addColumn('joined_at', 'text', (column) => column.notNull())
        .addColumn('removed_at', 'text')
        .addColumn('removed_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .execute();
      // One seat a reader in an organisation at a time, however many requests try at once.
      await sql`create unique index organisation_members_one_seat on organisation_members (organisation_id, account_id) where removed_at is null`.execute(db);
      await db.schema.createIndex('organisation_members_by_account').on('organisation_members').column('account_id').execute();

      await db.schema
        .createTable('organisation_invitations')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('email', 'text', (column) => column.notNull())
        .addColumn('invited_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .execute();
      await db.schema
        .createIndex('organisation_invitations_by_organisation')
        .on('organisation_invitations')
        .columns(['organisation_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('organisation_domain_proofs')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('organisation_id', 'integer', (column) => column.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('email', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();
    },
  };
}
