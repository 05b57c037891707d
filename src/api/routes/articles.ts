import { listPublishedArticles } from '../../content/article-repository.ts';
import { findAuthorBySlug } from '../../content/masthead-repository.ts';
import { answersNotModified } from '../../http/conditional-get.ts';
import type { SiteDeps } from '../../http/site-deps.ts';
import { ApiError } from '../../http/api-errors.ts';
import { identifyApiClient } from '../api-identity.ts';
import { articleListBody, articleListQuery, defaultPageSize, errorBody, noQuery, sectionsBody } from '../api-schemas.ts';
import type { ApiApp } from '../api-app.ts';
import { toArticleSummaryBody, toSectionBody } from '../api-views.ts';
import { decodeArticleCursor, encodeCursor } from '../cursor.ts';
import { listValidators } from '../list-validators.ts';

/**
 * Lists are the same for every reader; apps revalidate them (ETag, Last-Modified) rather than keep
 * them. A token sent with them is still checked, so that a dead one is told so here too.
 */
const listCacheControl = 'no-cache';

export function registerListRoutes(api: ApiApp, deps: SiteDeps): void {
  api.get(
    '/sections',
    {
      schema: {
        tags: ['Articles'],
        summary: "The sections, in the order of the site's menu",
        querystring: noQuery,
        response: { 200: sectionsBody, 304: { type: 'null', description: 'Not modified.' }, 400: errorBody, 401: errorBody },
      },
    },
    async (request, reply) => {
      await identifyApiClient(request, deps);
      const { sections } = await deps.chrome();
      const answer = { sections: sections.map((section) => toSectionBody(section, deps.publicUrl)) };
      reply.header('cache-control', listCacheControl).header('vary', 'Authorization');
      if (answersNotModified(request, reply, listValidators('sections', answer, []))) return reply.send(null);
      return answer;
    },
  );

  api.get(
    '/articles',
    {
      schema: {
        tags: ['Articles'],
        summary: 'Published articles, newest first',
        description:
          "All of them, one section's or one author's. Pages follow each other by `cursor`; a page has no locked text, only what a front page shows.",
        querystring: articleListQuery,
        response: { 200: articleListBody, 304: { type: 'null', description: 'Not modified.' }, 400: errorBody, 401: errorBody },
      },
    },
    async (request, reply) => {
      await identifyApiClient(request, deps);
      const now = deps.now();
      const { limit = defaultPageSize, cursor, section: sectionSlug, author: authorSlug } = request.query;
      const after = cursor === undefined ? undefined : decodeArticleCursor(cursor);
      if (after === null) throw new ApiError(400, 'invalid-request', 'That cursor is not one this list gave out.', { field: 'cursor' });
      const section = sectionSlug === undefined ? undefined : (await deps.chrome()).sections.find((candidate) => candidate.slug === sectionSlug);
      if (section === undefined && sectionSlug !== undefined)
        throw new ApiError(400, 'invalid-request', 'There is no section with that slug.', { field: 'section' });
      const author = authorSlug === undefined ? undefined : await findAuthorBySlug(deps.db, authorSlug);
      if (author === undefined && authorSlug !== undefined)
        throw new ApiError(400, 'invalid-request', 'There is no author with that slug.', { field: 'author' });
      // One more than the page, to know whether another follows.
      const found = await listPublishedArticles(deps.db, {
        now,
        limit: limit + 1,
        ...(section ? { sectionId: section.id } : {}),
        ...(author ? { authorId: author.id } : {}),
        ...(after ? { after: { publishedAt: after.publishedAt, id: after.id } } : {}),
      });
      const articles = found.slice(0, limit);
      const last = articles.at(-1);
      const nextCursor = found.length > limit && last?.publishedAt ? encodeCursor({ kind: 'articles', publishedAt: last.publishedAt, id: last.id }) : null;
      const answer = { articles: articles.map((article) => toArticleSummaryBody(article, deps.publicUrl)), nextCursor };
      reply.header('cache-control', listCacheControl).header('vary', 'Authorization');
      const changedAt = articles.flatMap((article) => [article.updatedAt, ...(article.publishedAt ? [article.publishedAt] : [])]);
      if (answersNotModified(request, reply, listValidators('articles', answer, changedAt))) return reply.send(null);
      return answer;
    },
  );
}
