import type { Database, Dialect } from '../db/database.ts';
import type { InsightEvent } from './insight-event.ts';
import { type PendingRow, toPendingRow } from './ledger-rows.ts';
import { databaseWriter, type LedgerWriter } from './ledger-writer.ts';
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
  /** The keys the ledger keeps for readers (reader-key.ts), made of each event's reader's name: to find a reader's events. */
  keys: ReaderKeys;
};

export type LedgerProblems = { onWriteFailed: (error: unknown, buffered: number) => void; onDropped: (count: number) => void };

export function createInsightLedger({
  db,
  dialect,
  keys,
  problems,
  writer = databaseWriter(db, dialect, keys),
  flushEveryMs = 1_000,
  rowsPerHandOver = 250,
  maxBuffered = 100_000,
}: {
  db: Database;
  dialect: Dialect;
  keys: ReaderKeys;
  problems: LedgerProblems;
  /** Where batches go: the database through the app's connection unless given (ledger-thread.ts). */
  writer?: LedgerWriter;
  flushEveryMs?: number;
  /** Hands the buffer to the writer as soon as it holds this many, not only on the timer (see `record`). */
  rowsPerHandOver?: number;
  maxBuffered?: number;
}): InsightLedger {
  let buffered: PendingRow[] = [];
  let writing: Promise<void> | null = null;
  // While the database refuses, only the timer tries again: not every event past the hand-over size.
  let isRefused = false;

  async function writeBuffered(): Promise<void> {
    const batch = buffered;
    buffered = [];
    for (let start = 0; start < batch.length; start += writer.rowsPerWrite) {
      const rows = batch.slice(start, start + writer.rowsPerWrite);
      try {
        await writer.write(rows);
      } catch (error) {
        buffered = [...batch.slice(start), ...buffered];
        isRefused = true;
        problems.onWriteFailed(error, buffered.length);
        return;
      }
    }
    isRefused = false;
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
      buffered.push(toPendingRow(event));
      // Under load a second's events would outlive two of V8's young-generation collections and be
      // copied into the old generation, whose collections cost the page far more than a write
      // started early does; a few hundred go in tens of milliseconds, while they are still young.
      if (buffered.length >= rowsPerHandOver && !isRefused) void flush();
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
