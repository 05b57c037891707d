import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Database } from '../db/database.ts';
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

const rowsPerInsert = 500;

export function toEventRow(event: InsightEvent): EventRow {
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
    id: event.onceKey === undefined ? randomUUID() : `${event.kind}:${event.onceKey}`,
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
  keys,
  problems,
  flushEveryMs = 1_000,
  maxBuffered = 100_000,
}: {
  db: Database;
  keys: ReaderKeys;
  problems: LedgerProblems;
  flushEveryMs?: number;
  maxBuffered?: number;
}): InsightLedger {
  let buffered: EventRow[] = [];
  let writing: Promise<void> | null = null;

  async function writeBuffered(): Promise<void> {
    const batch = buffered;
    buffered = [];
    for (let start = 0; start < batch.length; start += rowsPerInsert) {
      const rows = batch.slice(start, start + rowsPerInsert);
      try {
        await db
          .insertInto('insight_events')
          .values(rows)
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
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
      buffered.push(toEventRow(event));
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
