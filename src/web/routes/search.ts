import { listPublishedArticles } from '../../content/article-repository.ts';
import { parseSearchQuery } from '../../search/search-query.ts';
import { countSearch, tooManySearchesMessage } from '../../search/search-rate-limit.ts';
import { searchScopeOf } from '../../search/search-scope.ts';
import { toPaginationView } from '../pagination.ts';
import { searchQuery } from '../query-schemas.ts';
import { sendPage } from '../render-page.ts';
import { identifyReader } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { pageMeta } from '../views/meta-view.ts';
import { toTeaserView } from '../views/teaser-view.ts';
import { resultCountLabel } from '../views/result-count.ts';
import type { SearchPageView } from '../views/view-models.ts';

const searchPageSize = 10;

export function registerSearchRoute(app: App, deps: ReaderSiteDeps): void {
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
    const limited = query ? await countSearch(deps.db, { reader, address: request.ip }, { searchesPerMinute: deps.searchesPerMinute, now }) : null;
    if (query && limited) {
      reply.header('retry-after', String(limited.retryAfterSeconds));
      view = { ...view, query: query.text, message: tooManySearchesMessage(limited.retryAfterSeconds) };
    } else if (query) {
      // Readers match only the text they may read: see docs/decisions/0013.
      const found = await deps.searchArticles({
        query,
        scope: searchScopeOf(reader),
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
    return sendPage(reply, deps, { chrome, identity, template: 'search', page: view, meta, status: limited ? 429 : 200 });
  });
}
