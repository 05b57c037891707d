import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/** Experiments on the paywall, registered readers' variants of them (src/experiments/experiment-tables.ts), and the indexes their readout reads the ledger by. */
export function experimentsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('experiments')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull().check(sql`kind in ('meter-limit', 'paywall-offers', 'paywall-wording', 'registration-wall')`))
        .addColumn('variants', 'text', (column) => column.notNull())
        .addColumn('metric', 'text', (column) => column.notNull().check(sql`metric in ('paid', 'registered')`))
        .addColumn('base_rate_bp', 'integer', (column) => column.notNull())
        .addColumn('minimum_effect_bp', 'integer', (column) => column.notNull())
        .addColumn('readers_per_variant', 'integer', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('running', 'stopped', 'shipped')`))
        .addColumn('started_at', 'text', (column) => column.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('shipped_variant', 'text')
        .execute();
      // One running experiment of each kind: two on the same setting would each spoil the other's readout.
      await sql`create unique index experiments_one_running_per_kind on experiments (kind) where status = 'running'`.execute(db);

      await db.schema
        .createTable('experiment_assignments')
        .addColumn('experiment_id', 'integer', (column) => column.notNull().references('experiments.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('variant', 'text', (column) => column.notNull())
        .addColumn('assigned_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('experiment_assignments_key', ['experiment_id', 'account_id'])
        .execute();
      await db.schema.createIndex('experiment_assignments_by_account').on('experiment_assignments').column('account_id').execute();

      // The readout's way into the ledger: an experiment's exposures, and the registrations that
      // link an anonymous key to an account's, without a pass over every event.
      await sql`create index insight_events_by_experiment on insight_events (experiment_id, reader_key, occurred_at) where experiment_id is not null`.execute(
        db,
      );
      await sql`create index insight_events_by_linked_key on insight_events (linked_key) where linked_key is not null`.execute(db);
    },
  };
}
