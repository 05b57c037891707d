import { accountPaths } from '../../http/account-paths.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { absoluteUrl } from '../../http/urls.ts';
import { sitemapIndexPath } from '../sitemaps/sitemap-routes.ts';

/**
 * What crawlers are asked to leave alone: the newsroom, readers' own pages and checkout, private
 * feeds, the apps' API and search results (endless, and each a copy of articles listed elsewhere);
 * everything else is open, and the sitemap index says where the articles are.
 */
export function robotsTxt(publicUrl: URL): string {
  // Paths are the site's as readers see them, under PUBLIC_URL's own path when it has one.
  const onSite = (path: string) => `${publicUrl.pathname.replace(/\/$/, '')}${path}`;
  return [
    'User-agent: *',
    `Allow: ${onSite('/')}`,
    // A page and what is under it, but not a section that merely starts alike (/accounting, /administration).
    ...['/admin', accountPaths.account, '/checkout'].flatMap((page) => [`${page}$`, `${page}?`, `${page}/`]).map((path) => `Disallow: ${onSite(path)}`),
    ...['/feeds/private/', '/api/', '/search?'].map((path) => `Disallow: ${onSite(path)}`),
    '',
    `Sitemap: ${absoluteUrl(publicUrl, sitemapIndexPath)}`,
    '',
  ].join('\n');
}

export function registerRobotsRoute(app: App, deps: ReaderSiteDeps): void {
  const text = robotsTxt(deps.publicUrl);
  app.get('/robots.txt', async (_request, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(text));
}
