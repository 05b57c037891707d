import { listPublishedArticles } from '../../content/article-repository.ts';
import { pageMeta } from '../views/meta-view.ts';
import { toTeaserView } from '../views/teaser-view.ts';
import type { HomePageView } from '../views/view-models.ts';
import { sendPage, sendSlottedPage } from '../render-page.ts';
import { findSignedInReader } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { sectionPath } from '../../http/urls.ts';
import { createPublicPageCache } from '../public-page-cache.ts';

const topStoryCount = 4;
const teasersPerSection = 4;

export function registerHomeRoute(app: App, deps: ReaderSiteDeps): void {
  const cache = createPublicPageCache(deps, 10);
  app.get('/', async (request, reply) => {
    const now = deps.now();
    const identity = await findSignedInReader(request, deps);
    const cached = await cache.lookup(request, identity);
    if (cached.page !== undefined) return sendSlottedPage(reply, deps, cached.page, { identity });
    const chrome = await deps.chrome();
    const latest = await listPublishedArticles(deps.db, { now, limit: topStoryCount + 1 });
    const shown = new Set(latest.map((article) => article.id));
    const sectionBlocks = await Promise.all(
      chrome.sections.map(async (section) => {
        const articles = await listPublishedArticles(deps.db, { now, sectionId: section.id, limit: teasersPerSection + topStoryCount + 1 });
        const teasers = articles.filter((article) => !shown.has(article.id)).slice(0, teasersPerSection);
        return {
          section: { label: section.name, url: sectionPath(section), description: section.description },
          teasers: teasers.map((article) => toTeaserView(article, chrome.settings)),
        };
      }),
    );
    const [lead, ...topStories] = latest.map((article) => toTeaserView(article, chrome.settings));
    const page: HomePageView = {
      lead: lead ?? null,
      topStories,
      sectionBlocks: sectionBlocks.filter((block) => block.teasers.length > 0),
    };
    const meta = pageMeta({ title: '', description: chrome.settings.tagline, path: '/', publicUrl: deps.publicUrl, settings: chrome.settings });
    return sendPage(reply, deps, { chrome, identity, template: 'home', page, meta, keep: (rendered) => cache.store(cached.key, rendered) });
  });
}
