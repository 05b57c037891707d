import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import type { LedgerThreadData, LedgerThreadReply, LedgerThreadRequest } from './ledger-thread-messages.ts';
import { databaseWriter, type LedgerWriter } from './ledger-writer.ts';
import { readerKeysOf } from './reader-key.ts';

/**
 * On SQLite the ledger writes from a thread of its own: node:sqlite runs a statement to its end on
 * the thread that calls it, so a second's batch written by the serving thread held every page
 * waiting behind it (a p99 of about 100 ms under the bench's load instead of about 10). The thread
 * has its own connection to the site's file; SQLite's WAL lets it write while pages are read.
 */
export function startLedgerThread(file: string, readerKeySecret: Uint8Array): LedgerWriter {
  const workerData: LedgerThreadData = { file, readerKeySecret };
  const worker = new Worker(new URL('./ledger-thread-worker.ts', import.meta.url), { workerData });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextBatch = 0;
  let failure: Error | null = null;

  const failAll = (error: Error) => {
    failure = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: LedgerThreadReply) => {
    const caller = waiting.get(reply.batch);
    waiting.delete(reply.batch);
    if (reply.isWritten) caller?.resolve();
    else caller?.reject(new Error(`the ledger's writer thread could not write a batch: ${reply.message}`));
  });
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error("the ledger's writer thread has stopped")));
  // After the listeners: a 'message' listener holds the process open again.
  worker.unref();

  return {
    rowsPerWrite: 1_000,
    write(rows) {
      if (failure) return Promise.reject(failure);
      const batch = nextBatch++;
      const request: LedgerThreadRequest = { kind: 'write', batch, rows };
      return new Promise((resolve, reject) => {
        waiting.set(batch, { resolve, reject });
        worker.postMessage(request);
      });
    },
    async close() {
      if (failure) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage({ kind: 'close' } satisfies LedgerThreadRequest);
      await exited;
    },
  };
}

/**
 * The serving app's writer: a thread of its own on a SQLite file, the app's connection otherwise
 * (PostgreSQL, or SQLite in memory). `readerKeySecret` (reader-key.ts) makes the readers' keys.
 */
export async function ledgerWriterFor(db: Database, dialect: Dialect, readerKeySecret: Uint8Array): Promise<LedgerWriter> {
  if (dialect === 'postgres') return databaseWriter(db, dialect, readerKeysOf(readerKeySecret));
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file ?? '';
  return file === '' ? databaseWriter(db, dialect, readerKeysOf(readerKeySecret)) : startLedgerThread(file, readerKeySecret);
}
