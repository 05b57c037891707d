import type { FastifyBaseLogger } from 'fastify';

export type Job = { name: string; run: (now: Date) => Promise<unknown> };

/**
 * Runs time-driven work every interval, one pass at a time. One server process of every app
 * instance runs it (docs/decisions/0019); each job makes its own moves safe to race (a change
 * applies only to the version it read), so a move happens once however many instances try.
 */
export function startJobLoop({ jobs, intervalMs, log }: { jobs: readonly Job[]; intervalMs: number; log: FastifyBaseLogger }): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const pass = async () => {
    for (const job of jobs) {
      try {
        const result = await job.run(new Date());
        log.debug({ job: job.name, result }, 'job pass');
      } catch (error) {
        log.error({ err: error, job: job.name }, 'job failed; it will be tried again on the next pass');
      }
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = pass().finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
