import type { OpenDatabase } from '../src/db/database.ts';
import { buildTestApp } from '../test/app.ts';

export type Route = { method: string; url: string };

/**
 * Every route the app serves, as the app itself registers them (HEAD routes that Fastify adds for each
 * GET left out), with the app built to serve them. Checks walk this list rather than one written by
 * hand, so a route added tomorrow is checked tomorrow.
 */
export async function appWithRoutes(database: OpenDatabase & { dataDir: string }, options: Parameters<typeof buildTestApp>[1] = {}) {
  const routes: Route[] = [];
  const app = await buildTestApp(database, { ...options, onRoute: (route) => routes.push(route) });
  await app.ready();
  const seen = new Set<string>();
  const unique = routes.filter((route) => {
    const key = `${route.method} ${route.url}`;
    if (route.method === 'HEAD' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { app, routes: unique };
}
