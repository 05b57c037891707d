import { RateLimitedError } from '../../accounts/rate-limit.ts';
import { listPublishedArticles } from '../../content/article-repository.ts';
import { parseSearchQuery } from '../../search/search-query.ts';
import { countSearch, tooManySearchesMessage } from '../../search/search-rate-limit.ts';
import { searchScopeOf } from '../../search/search-scope.ts';
import { listTiers } from '../../commerce/tier-repository.ts';
import { answersNotModified } from '../../http/conditional-get.ts';
import type { SiteDeps } from '../../http/site-deps.ts';
import { ApiError } from '../../http/api-errors.ts';
import { identifyApiClient } from '../api-identity.ts';
import { defaultPageSize, errorBody, searchQuery, searchResultsBody } from '../api-schemas.ts';
import type { ApiApp } from '../api-app.ts';
import { toArticleSummaryBody } from '../api-views.ts';
import { decodeSearchCursor, encodeCursor } from '../cursor.ts';
import { listValidators } from '../list-validators.ts';

export function registerSearchRoute(api: ApiApp, deps: SiteDeps): void {
  api.get(
    '/search',
    {
      schema: {
        tags: ['Articles'],
        summary: 'Search the published articles',
        description:
          "The site's own search: the latest thousand matches, best first. It matches only what the reader may read: headline, standfirst and the open text of every article, and the locked text too for a token holder who reads everything (staff, subscribers). Snippets quote only the open text. Searches are limited per address and per reader (429 with Retry-After).",
        querystring: searchQuery,
        response: { 200: searchResultsBody, 304: { type: 'null', description: 'Not modified.' }, 400: errorBody, 401: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const { reader } = await identifyApiClient(request, deps);
      const now = deps.now();
      const { q, limit = defaultPageSize, cursor } = request.query;
      const position = cursor === undefined ? { offset: 0 } : decodeSearchCursor(cursor);
      if (position === null) throw new ApiError(400, 'invalid-request', 'That cursor is not one this search gave out.', { field: 'cursor' });
      const query = parseSearchQuery(q);
      if (query === null) throw new ApiError(400, 'invalid-request', '“q” has no words or names to search for.', { field: 'q' });
      const limited = await countSearch(deps.db, { reader, address: request.ip }, { searchesPerMinute: deps.searchesPerMinute, now });
      if (limited) throw new RateLimitedError(tooManySearchesMessage(limited.retryAfterSeconds), limited.retryAfterSeconds);
      const scope = searchScopeOf(
        reader,
        (await listTiers(deps.db)).map((tier) => tier.slug),
      );
      const found = await deps.searchArticles({ query, scope, now, limit, offset: position.offset });
      const summaries = await listPublishedArticles(deps.db, { now, ids: found.hits.map((hit) => hit.articleId), limit });
      const byId = new Map(summaries.map((summary) => [summary.id, summary]));
      const results = found.hits.flatMap((hit) => {
        const summary = byId.get(hit.articleId);
        return summary ? [{ article: toArticleSummaryBody(summary, deps.publicUrl), snippet: hit.snippet }] : [];
      });
      const nextOffset = position.offset + limit;
      const answer = {
        query: query.text,
        total: found.total,
        isTotalCapped: found.isTotalCapped,
        results,
        nextCursor: nextOffset < found.total ? encodeCursor({ kind: 'search', offset: nextOffset }) : null,
      };
      reply.header('cache-control', 'no-cache').header('vary', 'Authorization');
      if (
        answersNotModified(
          request,
          reply,
          listValidators(
            'search',
            answer,
            summaries.map((summary) => summary.updatedAt),
          ),
        )
      )
        return reply.send(null);
      return answer;
    },
  );
}
