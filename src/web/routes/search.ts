import { listPublishedArticles } from '../../content/article-repository.ts';
import { parseSearchQuery } from '../../search/search-query.ts';
import { countSearch, tooManySearchesMessage } from '../../search/search-rate-limit.ts';
import { searchScopeOf } from '../../search/search-scope.ts';
import { listTiers } from '../../commerce/tier-repository.ts';
import { cacheEpoch } from '../../settings/content-version.ts';
import { createPageCache } from '../page-cache.ts';
import { toPaginationView } from '../pagination.ts';
import { searchQuery } from '../query-schemas.ts';
import { sendPage, sendSlottedPage } from '../render-page.ts';
import { slottedPageBytes, type SlottedPage } from '../reader-slots.ts';
import { hasSubscription, identifyReader, type ReaderIdentity } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { pageMeta } from '../views/meta-view.ts';
import { toTeaserView } from '../views/teaser-view.ts';
import { resultCountLabel } from '../views/result-count.ts';
import type { SearchPageView } from '../views/view-models.ts';

const searchPageSize = 10;
const keptPages = 200;

/** What the masthead shows differs by these; a signed-in reader's own details are slots, filled per request. */
function mastheadKey(identity: Pick<ReaderIdentity, 'account' | 'reader'>): string {
  return identity.account === null ? 'anonymous' : hasSubscription(identity) ? 'subscriber' : 'signed-in';
}

export function registerSearchRoute(app: App, deps: ReaderSiteDeps): void {
  // Pages of results as rendered, kept like the fronts (docs/decisions/0006) and by scope too, so a
  // page of whole-text results is never sent to a reader of the open text.
  const pages = createPageCache<SlottedPage>({ maxEntries: deps.isCachingPages ? keptPages : 0, maxBytes: keptPages * 64 * 1024, sizeOf: slottedPageBytes });
  app.get('/search', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const now = deps.now();
    const [chrome, identity] = await Promise.all([deps.chrome(), identifyReader(request, deps)]);
    const { reader } = identity;
    const raw = request.query.q ?? '';
    const page = request.query.page ?? 1;
    const query = parseSearchQuery(raw);
    let view: SearchPageView = {
      query: raw.slice(0, 200),
      message: raw.trim() === '' ? 'Type a word or two to search every article.' : 'Try words and names rather than symbols.',
      totalLabel: '',
      results: [],
      pagination: toPaginationView({ page: 1, total: 0, pageSize: searchPageSize, path: '/search' }),
    };
    let keep: ((rendered: SlottedPage) => void) | undefined;
    const limited = query ? await countSearch(deps.db, { reader, address: request.ip }, { searchesPerMinute: deps.searchesPerMinute, now }) : null;
    if (query && limited) {
      reply.header('retry-after', String(limited.retryAfterSeconds));
      view = { ...view, query: query.text, message: tooManySearchesMessage(limited.retryAfterSeconds) };
    } else if (query) {
      // Readers match only the text they may read: see docs/decisions/0013.
      const scope = searchScopeOf(
        reader,
        (await listTiers(deps.db)).map((tier) => tier.slug),
      );
      const key = `${cacheEpoch(await deps.contentVersion.current(), now)}:${scope}:${mastheadKey(identity)}:${request.url}`;
      const kept = pages.get(key);
      if (kept !== undefined) return sendSlottedPage(reply, deps, kept, { identity });
      keep = (rendered) => pages.set(key, rendered);
      const found = await deps.searchArticles({
        query,
        scope,
        now,
        limit: searchPageSize,
        offset: (page - 1) * searchPageSize,
      });
      const summaries = await listPublishedArticles(deps.db, { now, ids: found.hits.map((hit) => hit.articleId), limit: searchPageSize });
      const byId = new Map(summaries.map((summary) => [summary.id, summary]));
      const results = found.hits.flatMap((hit) => {
        const summary = byId.get(hit.articleId);
        return summary ? [toTeaserView(summary, chrome.settings, hit.snippet)] : [];
      });
      view = {
        query: query.text,
        message: found.total === 0 ? `No articles match “${query.text}”.` : results.length === 0 ? 'There are no more results.' : '',
        totalLabel: resultCountLabel(found, chrome.settings.locale),
        results,
        pagination: toPaginationView({ page, total: found.total, pageSize: searchPageSize, path: '/search', query: { q: query.text } }),
      };
    }
    const title = query ? `Search: ${query.text}` : 'Search';
    const meta = pageMeta({
      title,
      description: `Search the articles of ${chrome.settings.name}.`,
      path: '/search',
      publicUrl: deps.publicUrl,
      settings: chrome.settings,
      isIndexable: false,
    });
    return sendPage(reply, deps, { chrome, identity, template: 'search', page: view, meta, status: limited ? 429 : 200, ...(keep ? { keep } : {}) });
  });
}
