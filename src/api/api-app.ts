import type { App } from '../http/site-deps.ts';

/**
 * The API's own Fastify instance: the site's, encapsulated under the version prefix. Named apart from
 * api-plugin.ts, which registers the routes, so that the routes can take it without importing it.
 */
export type ApiApp = App;
