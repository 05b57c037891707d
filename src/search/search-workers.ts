import module from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors/domain-error.ts';
import type { SearchPage, SearchResults } from './search-page.ts';

/** What a worker sends back for one search. */
export type WorkerAnswer = { results: SearchResults } | { failure: string };

/** Searches run off the main thread, on SQLite; see docs/decisions/0018. */
export type SearchWorkers = {
  search: (page: SearchPage) => Promise<SearchResults>;
  /** Starts every worker the pool may have, so the first searches do not wait for one to start. */
  warm: () => void;
  /** Ends every worker; searches waiting or running fail. */
  close: () => Promise<void>;
};

export type SearchWorkersOptions = {
  /** The SQLite file each worker opens its own read connection to. */
  file: string;
  /** Worker threads at most. */
  size?: number;
  /** Searches that may wait for a free worker; the next one is refused. */
  queueLimit?: number;
  /** Told of every worker as it starts: the pool's tests end one to see it replaced. */
  onWorkerStart?: (worker: Worker) => void;
};

/** Two workers, or one on a single core: the main thread needs a core of its own for the pages. */
export const defaultWorkerCount = Math.min(2, availableParallelism());

/** At a few milliseconds a search, the last of these waits well under a second. */
export const defaultQueueLimit = 64;

const workerScript = new URL('./search-worker.ts', import.meta.url);

type Job = { page: SearchPage; resolve: (results: SearchResults) => void; reject: (error: Error) => void };
type Searcher = { worker: Worker; job: Job | null };

/** Refused rather than queued: the reader is told to try again in a moment. */
export class SearchBusyError extends DomainError {
  constructor() {
    super('Search is busy just now. Please try again in a moment.', { kind: 'rate-limited', retryAfterSeconds: 1 }, { code: 'search-busy' });
  }
}

/**
 * A small pool of worker threads, each with its own read connection to the SQLite file. Workers
 * start when searches need them (or when warmed), so an app that never searches starts none. A search waits in a
 * bounded queue when every worker is busy; a worker that dies fails the search it held, and the
 * next search starts its replacement.
 */
export function createSearchWorkers({ file, size = defaultWorkerCount, queueLimit = defaultQueueLimit, onWorkerStart }: SearchWorkersOptions): SearchWorkers {
  const searchers = new Set<Searcher>();
  const waiting: Job[] = [];
  let isClosed = false;

  function start(): Searcher {
    // The start-up's compile cache (src/main.ts), shared: a worker then loads the search's modules
    // as already compiled, and never loads the TypeScript stripper (megabytes, and a slower start).
    const compileCache = module.getCompileCacheDir();
    const worker = new Worker(workerScript, { workerData: { file }, ...(compileCache ? { env: { ...process.env, NODE_COMPILE_CACHE: compileCache } } : {}) });
    const searcher: Searcher = { worker, job: null };
    searchers.add(searcher);
    // An idle worker never keeps the process alive; a busy one does, until its answer is in.
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => {
      const { job } = searcher;
      searcher.job = null;
      worker.unref();
      if (job) {
        if ('results' in answer) job.resolve(answer.results);
        else job.reject(new Error(`The search failed: ${answer.failure}`));
      }
      dispatch();
    });
    let failure: Error | null = null;
    // An uncaught error in the worker comes here, then the exit; without a listener it would end the process.
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      searchers.delete(searcher);
      const { job } = searcher;
      searcher.job = null;
      if (job) job.reject(new Error(`The search worker stopped (exit code ${code})${failure ? `: ${failure.message}` : ''}`, { cause: failure }));
      if (!isClosed) dispatch();
    });
    onWorkerStart?.(worker);
    return searcher;
  }

  function freeSearcher(): Searcher | null {
    for (const searcher of searchers) if (searcher.job === null) return searcher;
    return searchers.size < size ? start() : null;
  }

  function run(searcher: Searcher, job: Job): void {
    searcher.job = job;
    searcher.worker.ref();
    searcher.worker.postMessage(job.page);
  }

  function dispatch(): void {
    while (waiting.length > 0) {
      const searcher = freeSearcher();
      const job = searcher ? waiting.shift() : undefined;
      if (!searcher || !job) return;
      run(searcher, job);
    }
  }

  return {
    search(page) {
      return new Promise<SearchResults>((resolve, reject) => {
        if (isClosed) return reject(new Error('The search workers have closed.'));
        const job = { page, resolve, reject };
        const searcher = waiting.length === 0 ? freeSearcher() : null;
        if (searcher) return run(searcher, job);
        if (waiting.length >= queueLimit) return reject(new SearchBusyError());
        waiting.push(job);
      });
    },
    warm() {
      while (!isClosed && searchers.size < size) start();
    },
    async close() {
      isClosed = true;
      for (const job of waiting.splice(0)) job.reject(new Error('The search workers have closed.'));
      await Promise.all([...searchers].map(({ worker }) => worker.terminate()));
    },
  };
}
