import { Feed } from 'feed';
import { listPublishedArticles } from '../../content/article-repository.ts';
import { cacheEpoch, createPageCache } from '../page-cache.ts';
import { type App, type SiteDeps } from '../site-deps.ts';
import { absoluteUrl, articlePath } from '../urls.ts';

const feedLength = 30;

/** The feed as XML, built from the database. */
async function buildFeed(deps: SiteDeps, now: Date): Promise<string> {
  const { settings } = await deps.chrome();
  const articles = await listPublishedArticles(deps.db, { now, limit: feedLength });
  const home = absoluteUrl(deps.publicUrl, '/');
  const feed = new Feed({
    title: settings.name,
    description: settings.tagline,
    id: home,
    link: home,
    language: settings.locale,
    copyright: `© ${now.getUTCFullYear()} ${settings.name}`,
    updated: articles[0]?.updatedAt ?? now,
    generator: 'Dateline',
    feedLinks: { rss: absoluteUrl(deps.publicUrl, '/feed.xml') },
  });
  for (const article of articles) {
    const link = absoluteUrl(deps.publicUrl, articlePath(article));
    // Only the standfirst travels in the public feed: the body stays behind the site's access rules.
    feed.addItem({
      title: article.headline,
      id: link,
      link,
      date: article.publishedAt ?? article.updatedAt,
      description: article.standfirst,
      author: article.authors.map((author) => ({ name: author.name })),
      category: [{ name: article.section.name }],
    });
  }
  return feed.rss2();
}

export function registerFeedRoute(app: App, deps: SiteDeps): void {
  // The feed is the same for everyone: built once per content version (and minute, for scheduled articles).
  const feeds = createPageCache<string>({ maxEntries: deps.isCachingPages ? 1 : 0 });
  app.get('/feed.xml', async (_request, reply) => {
    const now = deps.now();
    const key = cacheEpoch(await deps.contentVersion.current(), now);
    let xml = feeds.get(key);
    if (xml === undefined) {
      xml = await buildFeed(deps, now);
      feeds.set(key, xml);
    }
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });
}
