import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listArticlesOfMonth, listPublicationMonths, listRecentlyPublished, listSitePageLocations } from '../../content/sitemap-repository.ts';
import { cacheEpoch, readContentChangedAt } from '../../settings/content-version.ts';
import { answersNotModified, weakEtag, type Validators } from '../../http/conditional-get.ts';
import { createPageCache } from '../page-cache.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { absoluteUrl, articlePath, authorPath, sectionPath } from '../../http/urls.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { planArticleSitemaps, type ArticleSitemap } from './article-sitemaps.ts';
import { newsLanguageOf, renderNewsSitemap, renderSitemapIndex, renderUrlSet, type SitemapEntry } from './sitemap-xml.ts';

/** Google News takes articles of the last two days, and at most 1,000 in one sitemap. */
const newsWindowMs = 2 * 24 * 60 * 60 * 1000;
const newsLimit = 1_000;

export const sitemapIndexPath = '/sitemap.xml';
const pagesSitemapPath = '/sitemaps/pages.xml';
const newsSitemapPath = '/sitemaps/news.xml';
const articleSitemapPath = (sitemap: Pick<ArticleSitemap, 'name'>) => `/sitemaps/${sitemap.name}`;

type Built = { xml: string; validators: Validators };

/** What a sitemap's own content says about its last change: its newest entry, if any. */
type Content = { xml: string; newest: Date | null };

const newestOf = (times: readonly (Date | null)[]): Date | null =>
  times.reduce<Date | null>((newest, time) => (time !== null && (newest === null || time > newest) ? time : newest), null);

/**
 * The sitemap index and its sitemaps: the site's pages, one sitemap per month of articles (split
 * past 50,000), and Google News. Each is built once per content version and minute (so a scheduled
 * article appears when due) and answered with ETag and Last-Modified, or 304.
 */
export function registerSitemapRoutes(app: App, deps: ReaderSiteDeps): void {
  const sitemaps = createPageCache<Built>({ maxEntries: deps.isCachingPages ? 64 : 0 });
  const plans = createPageCache<ArticleSitemap[]>({ maxEntries: deps.isCachingPages ? 1 : 0 });

  async function planOf(epoch: string, now: Date): Promise<ArticleSitemap[]> {
    let plan = plans.get(epoch);
    if (plan === undefined) {
      plan = planArticleSitemaps(await listPublicationMonths(deps.db, now));
      plans.set(epoch, plan);
    }
    return plan;
  }

  async function send(request: FastifyRequest, reply: FastifyReply, key: string, epoch: string, build: () => Promise<Content>) {
    const cacheKey = `${epoch}:${key}`;
    let sitemap = sitemaps.get(cacheKey);
    if (sitemap === undefined) {
      const [{ xml, newest }, changedAt] = await Promise.all([build(), readContentChangedAt(deps.db)]);
      // Last-Modified is never earlier than the last save of anything, so a client asking "changed since?" is never told no wrongly.
      const lastModified = newestOf([newest, changedAt]) ?? new Date(0);
      sitemap = { xml, validators: { etag: weakEtag('sitemap', createHash('sha256').update(xml).digest('base64url').slice(0, 27)), lastModified } };
      sitemaps.set(cacheKey, sitemap);
    }
    reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600');
    if (answersNotModified(request, reply, sitemap.validators)) return reply.send();
    return reply.send(sitemap.xml);
  }

  const epochOf = async (now: Date) => cacheEpoch(await deps.contentVersion.current(), now);
  const url = (path: string) => absoluteUrl(deps.publicUrl, path);

  async function recentArticles(now: Date) {
    return listRecentlyPublished(deps.db, { since: new Date(now.getTime() - newsWindowMs), now, limit: newsLimit });
  }

  app.get(sitemapIndexPath, async (request, reply) => {
    const now = deps.now();
    const epoch = await epochOf(now);
    return send(request, reply, 'index', epoch, async () => {
      const [plan, pages, recent] = await Promise.all([planOf(epoch, now), listSitePageLocations(deps.db, now), recentArticles(now)]);
      // The news sitemap is named only while it has articles: an empty one is not a valid sitemap.
      const entries: SitemapEntry[] = [
        {
          loc: url(pagesSitemapPath),
          lastModified: newestOf([pages.home, ...pages.sections.map((section) => section.lastModified), ...pages.authors.map((author) => author.lastModified)]),
        },
        ...plan.map((sitemap) => ({ loc: url(articleSitemapPath(sitemap)), lastModified: sitemap.lastModified })),
        ...(recent.length > 0 ? [{ loc: url(newsSitemapPath), lastModified: recent[0]?.publishedAt ?? null }] : []),
      ];
      return { xml: renderSitemapIndex(entries), newest: newestOf(entries.map((entry) => entry.lastModified)) };
    });
  });

  app.get(pagesSitemapPath, async (request, reply) => {
    const now = deps.now();
    return send(request, reply, 'pages', await epochOf(now), async () => {
      const pages = await listSitePageLocations(deps.db, now);
      const entries: SitemapEntry[] = [
        { loc: url('/'), lastModified: pages.home },
        ...pages.sections.map((section) => ({ loc: url(sectionPath(section)), lastModified: section.lastModified })),
        ...pages.authors.map((author) => ({ loc: url(authorPath(author)), lastModified: author.lastModified })),
      ];
      return { xml: renderUrlSet(entries), newest: newestOf(entries.map((entry) => entry.lastModified)) };
    });
  });

  app.get(newsSitemapPath, async (request, reply) => {
    const now = deps.now();
    return send(request, reply, 'news', await epochOf(now), async () => {
      const [{ settings }, recent] = await Promise.all([deps.chrome(), recentArticles(now)]);
      const entries = recent.map((article) => ({
        loc: url(articlePath({ slug: article.slug, section: { slug: article.sectionSlug } })),
        title: article.headline,
        publishedAt: article.publishedAt,
      }));
      const publication = { name: settings.name, language: newsLanguageOf(settings.locale) };
      return { xml: renderNewsSitemap({ publication, entries }), newest: recent[0]?.publishedAt ?? null };
    });
  });

  app.get('/sitemaps/:name', { schema: { params: Type.Object({ name: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    const now = deps.now();
    const epoch = await epochOf(now);
    const sitemap = (await planOf(epoch, now)).find((candidate) => candidate.name === request.params.name);
    if (sitemap === undefined) throw new NotFoundError('There is no such sitemap.');
    return send(request, reply, sitemap.name, epoch, async () => {
      const articles = await listArticlesOfMonth(deps.db, { month: sitemap.month, now, limit: sitemap.limit, offset: sitemap.offset });
      const entries = articles.map((article) => ({
        loc: url(articlePath({ slug: article.slug, section: { slug: article.sectionSlug } })),
        lastModified: article.lastModified,
      }));
      return { xml: renderUrlSet(entries), newest: newestOf(entries.map((entry) => entry.lastModified)) };
    });
  });
}
