import type { App } from '../../http/site-deps.ts';

/** Browsers ask for /favicon.ico whatever the page links; send them to the theme's icon. */
export function registerFaviconRoute(app: App): void {
  app.get('/favicon.ico', async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301));
}
