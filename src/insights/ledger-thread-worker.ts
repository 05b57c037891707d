import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { createRowFinisher, ledgerColumns } from './ledger-rows.ts';
import type { LedgerThreadData, LedgerThreadReply, LedgerThreadRequest } from './ledger-thread-messages.ts';
import { readerKeysOf } from './reader-key.ts';

/**
 * The SQLite ledger's writer thread: a connection of its own to the site's database file, which
 * names and keys each batch the serving thread sends, writes it in one transaction, and says how it went.
 */
const { file, readerKeySecret } = workerData as LedgerThreadData;
const database = new DatabaseSync(file, { timeout: 5_000 });
database.exec('PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
const insert = database.prepare(
  `insert into insight_events (${ledgerColumns.join(', ')}) values (${ledgerColumns.map(() => '?').join(', ')}) on conflict (id) do nothing`,
);

const finish = createRowFinisher(readerKeysOf(readerKeySecret));

parentPort?.on('message', (request: LedgerThreadRequest) => {
  if (request.kind === 'close') {
    database.close();
    parentPort?.close();
    return;
  }
  let reply: LedgerThreadReply;
  try {
    database.exec('begin immediate');
    try {
      for (const row of request.rows) insert.run(...finish(row));
      database.exec('commit');
    } catch (error) {
      database.exec('rollback');
      throw error;
    }
    reply = { batch: request.batch, isWritten: true };
  } catch (error) {
    reply = { batch: request.batch, isWritten: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
