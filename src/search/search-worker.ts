import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { fts5Index, type RunSql } from './fts5-index.ts';
import { searchIndex, type SearchPage } from './search-page.ts';
import type { WorkerAnswer } from './search-workers.ts';

/**
 * One search worker thread (started by search-workers.ts): its own read-only connection to the
 * site's SQLite file, running the same statements as a search on the main thread, one search at a
 * time. It loads node:sqlite and the search's own modules only: a query builder would cost each
 * worker tens of megabytes and seconds to start (docs/decisions/0018).
 */
const { file } = workerData as { file: string };

/**
 * On Linux a thread has its own niceness: this one yields to the main thread when the cores are
 * busy, so pages go first and searches take what is left. Elsewhere (no /proc) it runs as it is.
 */
function yieldToPages(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, 5);
  } catch {
    // No /proc/thread-self, or not allowed: the search only loses its lower priority.
  }
}
yieldToPages();
// WAL lets this connection read beside the main thread's writes; read-only, it never writes.
const sqlite = new DatabaseSync(file, { readOnly: true, timeout: 5000 });

// The statements' texts are few (two scopes, and one snippet statement per page length).
const prepared = new Map<string, StatementSync>();
const run: RunSql = async <Row>(text: string, parameters: readonly (string | number)[]) => {
  let statement = prepared.get(text);
  if (statement === undefined) {
    statement = sqlite.prepare(text);
    prepared.set(text, statement);
  }
  return statement.all(...parameters) as Row[];
};

parentPort?.on('message', async (page: SearchPage) => {
  let answer: WorkerAnswer;
  try {
    answer = { results: await searchIndex(fts5Index(page.scope, run), page) };
  } catch (error) {
    answer = { failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
