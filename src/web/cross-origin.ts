import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { App } from '../http/site-deps.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False on routes that take no part in cross-origin access, as @fastify/cors reads it. */
    cors?: false;
  }
}

/**
 * The one list of what other sites' pages may read: the apps' API and oEmbed, each path with
 * everything under it, and the feeds, which sit under /feeds/ (private ones) or as these files at
 * the end of the site's, a section's or an author's address (/feed.xml, /world/atom.xml,
 * /authors/ada/feed.json). The HTML pages, accounts, the newsroom and every form stay same-origin.
 */
export const crossOriginPaths = ['/api/v1', '/feeds', '/oembed'] as const;
export const crossOriginFeedFiles = ['feed.xml', 'atom.xml', 'feed.json'] as const;

/** Whether a path (without its query) is one of those. */
export function isCrossOriginPath(path: string): boolean {
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return crossOriginPaths.some((listed) => path === listed || path.startsWith(`${listed}/`)) || crossOriginFeedFiles.some((file) => lastSegment === file);
}

function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * Lets the listed origins read the cross-origin paths. Never with credentials: a page elsewhere
 * gets what an anonymous request gets, or what the app's own bearer token opens, and no reader's
 * cookie ever travels with it.
 */
export function crossOriginOptionsFor(url: string, origins: readonly string[]): FastifyCorsOptions {
  if (origins.length === 0 || !isCrossOriginPath(pathOf(url))) return { origin: false };
  return {
    origin: [...origins],
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'If-Modified-Since'],
    // Retry-After: an app's page must be able to read how long a 429 asks it to wait.
    exposedHeaders: ['ETag', 'Last-Modified', 'Retry-After'],
    maxAge: 600,
  };
}

/**
 * Registers @fastify/cors for the cross-origin paths only. Call before any route is added: each
 * route outside those paths is marked so that the plugin leaves it alone (not even a Vary header);
 * preflight requests, which all reach the plugin's catch-all OPTIONS route, are decided by path.
 */
export async function registerCrossOriginAccess(app: App, { origins }: { origins: readonly string[] }): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url !== '*' && !isCrossOriginPath(route.url)) route.config = { ...route.config, cors: false };
  });
  await app.register(fastifyCors, { delegator: (request, callback) => callback(null, crossOriginOptionsFor(request.url, origins)) });
}
