import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The insights ledger: what the reader and commerce paths decided, append-only (src/insights/insight-tables.ts). */
export function insightEventsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('insight_events')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('occurred_at', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('reader_key', 'text')
        .addColumn('linked_key', 'text')
        .addColumn('article_id', 'integer')
        .addColumn('section_id', 'integer')
        .addColumn('author_id', 'integer')
        .addColumn('offer_id', 'integer')
        .addColumn('plan_id', 'integer')
        .addColumn('experiment_id', 'integer')
        .addColumn('variant', 'text')
        .addColumn('meter_rule', 'text')
        .addColumn('source', 'text')
        .addColumn('campaign', 'text')
        .addColumn('detail', 'text')
        .addColumn('amount_minor', 'integer')
        .addColumn('currency', 'text')
        .execute();
      await db.schema.createIndex('insight_events_by_time').on('insight_events').columns(['occurred_at', 'kind']).execute();
      await db.schema.createIndex('insight_events_by_reader').on('insight_events').columns(['reader_key', 'occurred_at']).execute();
    },
  };
}
