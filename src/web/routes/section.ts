import { Type } from 'typebox';
import { countPublishedArticles, listPublishedArticles } from '../../content/article-repository.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { toPaginationView } from '../pagination.ts';
import { pageQuery, slugParam } from '../query-schemas.ts';
import { sendPage, sendSlottedPage } from '../render-page.ts';
import { findSignedInReader } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { sectionPath } from '../../http/urls.ts';
import { createPublicPageCache } from '../public-page-cache.ts';
import { feedLinksFor } from '../feeds/feed-links.ts';
import { pageMeta } from '../views/meta-view.ts';
import { toTeaserView } from '../views/teaser-view.ts';
import type { SectionPageView } from '../views/view-models.ts';

export const sectionPageSize = 12;

export function registerSectionRoute(app: App, deps: ReaderSiteDeps): void {
  const cache = createPublicPageCache(deps, 200);
  app.get('/:section', { schema: { params: Type.Object({ section: slugParam }), querystring: pageQuery } }, async (request, reply) => {
    const now = deps.now();
    const identity = await findSignedInReader(request, deps);
    const cached = await cache.lookup(request, identity);
    if (cached.page !== undefined) return sendSlottedPage(reply, deps, cached.page, { identity });
    const chrome = await deps.chrome();
    const section = chrome.sections.find((candidate) => candidate.slug === request.params.section);
    if (!section) throw new NotFoundError();
    const page = request.query.page ?? 1;
    const total = await countPublishedArticles(deps.db, { now, sectionId: section.id });
    const articles = await listPublishedArticles(deps.db, {
      now,
      sectionId: section.id,
      limit: sectionPageSize,
      offset: (page - 1) * sectionPageSize,
    });
    if (page > 1 && articles.length === 0) throw new NotFoundError('There is no such page in this section.');
    const path = sectionPath(section);
    const view: SectionPageView = {
      section: { label: section.name, url: path, description: section.description },
      teasers: articles.map((article) => toTeaserView(article, chrome.settings)),
      pagination: toPaginationView({ page, total, pageSize: sectionPageSize, path }),
    };
    const title = page > 1 ? `${section.name}, page ${page}` : section.name;
    const meta = {
      ...pageMeta({
        title,
        description: section.description,
        path: page > 1 ? `${path}?page=${page}` : path,
        publicUrl: deps.publicUrl,
        settings: chrome.settings,
      }),
      feeds: feedLinksFor({ kind: 'section', section }, `${section.name} | ${chrome.settings.name}`),
    };
    return sendPage(reply, deps, {
      chrome,
      identity,
      template: 'section',
      page: view,
      meta,
      currentSectionSlug: section.slug,
      keep: (rendered) => cache.store(cached.key, rendered),
    });
  });
}
