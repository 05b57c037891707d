import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db/database.ts';
import { openNodeSqlite } from '../db/node-sqlite.ts';
import type { Tables } from '../db/tables.ts';
import { searchArticles, type SearchPage } from './search-articles.ts';
import type { WorkerAnswer } from './search-workers.ts';

/**
 * One search worker thread (started by search-workers.ts): its own connection to the site's SQLite
 * file, read-only, running the same searchArticles as the main thread would, one search at a time.
 */
const { file } = workerData as { file: string };
const sqlite = openNodeSqlite(file);
// WAL lets this connection read beside the main thread's writes; query_only makes sure it never writes.
sqlite.native.exec('PRAGMA query_only = ON');
const db: Database = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });

parentPort?.on('message', async (page: SearchPage) => {
  let answer: WorkerAnswer;
  try {
    answer = { results: await searchArticles(db, 'sqlite', page) };
  } catch (error) {
    answer = { failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
