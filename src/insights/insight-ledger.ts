import { randomBytes } from 'node:crypto';
import type { Database, Dialect } from '../db/database.ts';
import type { InsightEvent } from './insight-event.ts';
import { databaseWriter, type EventRow, type LedgerWriter } from './ledger-writer.ts';
import type { ReaderKeys } from './reader-key.ts';

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
  writer = databaseWriter(db, dialect),
  flushEveryMs = 1_000,
  maxBuffered = 100_000,
}: {
  db: Database;
  dialect: Dialect;
  keys: ReaderKeys;
  problems: LedgerProblems;
  /** Where batches go: the database through the app's connection unless given (ledger-thread.ts). */
  writer?: LedgerWriter;
  flushEveryMs?: number;
  maxBuffered?: number;
}): InsightLedger {
  let buffered: EventRow[] = [];
  const newId = createEventIds();
  let writing: Promise<void> | null = null;

  async function writeBuffered(): Promise<void> {
    const batch = buffered;
    buffered = [];
    for (let start = 0; start < batch.length; start += writer.rowsPerWrite) {
      const rows = batch.slice(start, start + writer.rowsPerWrite);
      try {
        await writer.write(rows);
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
      await writer.close();
    },
  };
}
