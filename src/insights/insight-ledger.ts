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
  /** How the ledger names readers (reader-key.ts): the key an event's `readerKey` is made with. */
  keys: ReaderKeys;
};

export type LedgerProblems = { onWriteFailed: (error: unknown, buffered: number) => void; onDropped: (count: number) => void };

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
  let buffered: PendingRow[] = [];
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
      buffered.push(toPendingRow(event));
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
