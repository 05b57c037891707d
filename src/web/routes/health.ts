import { sql } from 'kysely';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import type { Drain } from '../../supervision/drain.ts';

/**
 * For load balancers and uptime checks: 200 when the database answers, 503 when it does not, and
 * 503 while the process drains to stop, so a balancer that checks sends new work elsewhere.
 */
export function registerHealthRoute(app: App, deps: ReaderSiteDeps, drain?: Drain): void {
  app.get('/healthz', async (request, reply) => {
    if (drain?.isDraining) return reply.status(503).header('cache-control', 'no-store').send({ status: 'draining' });
    const started = performance.now();
    try {
      await sql`select 1`.execute(deps.db);
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      return reply.status(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: 'unreachable' });
    }
    return reply
      .header('cache-control', 'no-store')
      .send({ status: 'ok', database: deps.dialect, databaseMs: Math.round((performance.now() - started) * 100) / 100 });
  });
}
