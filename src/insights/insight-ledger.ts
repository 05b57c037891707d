import { randomBytes } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import type { InsightEvent } from './insight-event.ts';
import type { InsightTables } from './insight-tables.ts';
import type { ReaderKeys } from './reader-key.ts';

type EventRow = Insertable<InsightTables['insight_events']>;

/**
 * The insights ledger's writer. Recording is a push onto a buffer in memory, so a page waits for
 * nothing; the buffer is written in batches every `flushEveryMs` (a second), so a crash loses at
 * most that much (docs/decisions). A batch that fails stays in the buffer for the next try; past
 * `maxBuffered` the oldest events are dropped and counted rather than memory growing without end.
 */
export type InsightLedger = {
  record: (event: InsightEvent) => void;
  /** Writes what is buffered now; the timer calls it, and tests and shutdown may. */
  flush: () => Promise<void>;
  /** Stops the timer and writes what is left. */
  close: () => Promise<void>;
  /** How the ledger names readers (reader-key.ts): the key an event's `readerKey` is made with. */
  keys: ReaderKeys;
};

export type LedgerProblems = { onWriteFailed: (error: unknown, buffered: number) => void; onDropped: (count: number) => void };

const rowsPerInsert = 1_000;

const columns = [
  'id',
  'occurred_at',
  'kind',
  'reader_key',
  'linked_key',
  'article_id',
  'section_id',
  'author_id',
  'offer_id',
  'plan_id',
  'experiment_id',
  'variant',
  'meter_rule',
  'source',
  'campaign',
  'detail',
  'amount_minor',
  'currency',
] as const satisfies readonly (keyof EventRow)[];

/**
 * One batch as one statement with one parameter, the rows as JSON that the database unpacks itself:
 * a thousand rows of eighteen columns bound one by one through the query builder cost several times
 * the insert (on SQLite, in the process that serves the pages). SQLite gets each row as an array, so
 * it reads a value by its place rather than looking up eighteen names per row.
 */
function insertBatch(db: Database, dialect: Dialect, rows: readonly EventRow[]) {
  const names = sql.join(columns.map((column) => sql.ref(column)));
  if (dialect === 'postgres') {
    const json = JSON.stringify(rows);
    return sql`insert into insight_events (${names}) select ${names} from json_populate_recordset(null::insight_events, ${json}::json) on conflict (id) do nothing`.execute(
      db,
    );
  }
  const json = JSON.stringify(rows.map((row) => columns.map((column) => row[column] ?? null)));
  const values = sql.join(columns.map((_, place) => sql`value ->> ${sql.lit(place)}`));
  // "where true": SQLite reads an upsert's select without it as a join's "on".
  return sql`insert into insight_events (${names}) select ${values} from json_each(${json}) where true on conflict (id) do nothing`.execute(db);
}

/**
 * Ids for events without a once key: the time, this ledger's own random name and a count, so ids
 * from many instances never meet, and each new row goes at the end of the primary key's index
 * rather than at a random place in it (a random UUID made SQLite's insert half as fast again).
 */
function createEventIds(): (at: Date) => string {
  const ledgerName = randomBytes(6).toString('base64url');
  let count = 0;
  return (at) => `${at.getTime().toString(36).padStart(9, '0')}.${ledgerName}.${(count++).toString(36).padStart(7, '0')}`;
}

function toEventRow(event: InsightEvent, newId: (at: Date) => string): EventRow {
  const detail =
    event.kind === 'article-read'
      ? event.access
      : event.kind === 'wall-shown'
        ? event.wall
        : event.kind === 'canceled'
          ? event.reason
          : event.kind === 'subscription-started'
            ? event.isTrial
              ? 'trial'
              : 'paid'
            : event.kind === 'lapsed'
              ? event.endedFrom
              : null;
  const money = 'amountMinor' in event ? { amount_minor: event.amountMinor, currency: event.currency } : { amount_minor: null, currency: null };
  return {
    // A deterministic id makes the second record of the same event a conflict the insert ignores.
    id: event.onceKey === undefined ? newId(event.at) : `${event.kind}:${event.onceKey}`,
    occurred_at: event.at.toISOString(),
    kind: event.kind,
    reader_key: event.readerKey,
    linked_key: event.kind === 'registered' ? event.anonymousKey : null,
    article_id: event.article?.id ?? null,
    section_id: event.article?.sectionId ?? null,
    author_id: event.article?.authorId ?? null,
    offer_id: event.offerId ?? null,
    plan_id: event.planId ?? null,
    experiment_id: event.experiment?.id ?? null,
    variant: event.experiment?.variant ?? null,
    meter_rule: event.meterRule ?? null,
    source: event.visit?.source ?? null,
    campaign: event.visit?.campaign ?? null,
    detail,
    ...money,
  };
}

export function createInsightLedger({
  db,
  dialect,
  keys,
  problems,
  flushEveryMs = 1_000,
  maxBuffered = 100_000,
}: {
  db: Database;
  dialect: Dialect;
  keys: ReaderKeys;
  problems: LedgerProblems;
  flushEveryMs?: number;
  maxBuffered?: number;
}): InsightLedger {
  let buffered: EventRow[] = [];
  const newId = createEventIds();
  let writing: Promise<void> | null = null;

  async function writeBuffered(): Promise<void> {
    const batch = buffered;
    buffered = [];
    for (let start = 0; start < batch.length; start += rowsPerInsert) {
      const rows = batch.slice(start, start + rowsPerInsert);
      try {
        await insertBatch(db, dialect, rows);
      } catch (error) {
        buffered = [...batch.slice(start), ...buffered];
        problems.onWriteFailed(error, buffered.length);
        return;
      }
    }
  }

  function flush(): Promise<void> {
    writing ??= writeBuffered().finally(() => {
      writing = null;
    });
    return writing;
  }

  const timer = setInterval(() => {
    if (buffered.length > 0) void flush();
  }, flushEveryMs);
  timer.unref();

  return {
    keys,
    record(event) {
      buffered.push(toEventRow(event, newId));
      if (buffered.length > maxBuffered) {
        const dropped = buffered.length - maxBuffered;
        buffered = buffered.slice(dropped);
        problems.onDropped(dropped);
      }
    },
    flush: async () => {
      await writing;
      await flush();
    },
    close: async () => {
      clearInterval(timer);
      await writing;
      await flush();
    },
  };
}
