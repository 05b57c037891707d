import cluster, { type Worker } from 'node:cluster';
import type { ProcessLog } from './process-log.ts';
import { countDeathsInARow, pauseBeforeRestartMs } from './restart-backoff.ts';

/** Set in the environment of the one server process that runs the job loop. */
const jobLoopVariable = 'DATELINE_RUNS_JOB_LOOP';

/** Whether this server process is the one that runs the job loop (see docs/decisions/0019). */
export function isRunningJobLoop(): boolean {
  return cluster.isPrimary || process.env[jobLoopVariable] === '1';
}

/** How long after the drain's own deadline a server process still running is killed. */
const graceAfterDrainMs = 5_000;

type Place = { index: number; worker: Worker | null; startedAt: number; deathsInARow: number; restart: NodeJS.Timeout | null };

/**
 * The primary process of `npm start` with several server processes: forks them (they share the
 * port), puts a new one in the place of one that dies unexpectedly, with a growing pause while
 * replacements keep dying young, and on SIGTERM or SIGINT drains them all, then exits. The first
 * place's process runs the job loop; its replacement takes the loop over.
 */
export function superviseWorkers({ count, drainMs, log, onServing }: { count: number; drainMs: number; log: ProcessLog; onServing: () => void }): void {
  const places: Place[] = Array.from({ length: count }, (_, index) => ({ index, worker: null, startedAt: 0, deathsInARow: 0, restart: null }));
  let hasServed = false;
  let isStopping = false;

  const fork = (place: Place) => {
    place.restart = null;
    place.startedAt = Date.now();
    place.worker = cluster.fork(place.index === 0 ? { [jobLoopVariable]: '1' } : {});
  };

  const stop = (exitCode: number) => {
    isStopping = true;
    for (const place of places) if (place.restart) clearTimeout(place.restart);
    const running = places.flatMap((place) => (place.worker ? [place.worker] : []));
    if (running.length === 0) process.exit(exitCode);
    for (const worker of running) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of running) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, drainMs + graceAfterDrainMs).unref();
    cluster.on('exit', () => {
      if (places.every((place) => place.worker === null)) {
        log.info('Every server process has stopped');
        process.exit(exitCode);
      }
    });
  };

  cluster.on('listening', (worker, address) => {
    const place = places.find((candidate) => candidate.worker === worker);
    log.info(`Server process ${worker.process.pid} serving on port ${address.port}`, { worker: worker.process.pid ?? null, runsJobLoop: place?.index === 0 });
    if (!hasServed) {
      hasServed = true;
      onServing();
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const place = places.find((candidate) => candidate.worker === worker);
    if (!place) return;
    place.worker = null;
    if (isStopping) return;
    if (!hasServed) {
      // No process has ever served: the start itself fails (a port in use, say), and each would fail alike.
      log.error('A server process could not start; stopping', { worker: worker.process.pid ?? null, code, signal });
      stop(1);
      return;
    }
    place.deathsInARow = countDeathsInARow({ before: place.deathsInARow, livedMs: Date.now() - place.startedAt });
    const pauseMs = pauseBeforeRestartMs(place.deathsInARow);
    log.warn(`Server process ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another${pauseMs > 0 ? ` in ${pauseMs} ms` : ''}`, {
      worker: worker.process.pid ?? null,
      deathsInARow: place.deathsInARow,
    });
    place.restart = setTimeout(() => fork(place), pauseMs);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (isStopping) return;
      log.info(`${signal} received: draining ${count} server processes`);
      stop(0);
    });
  }

  for (const place of places) fork(place);
}
