import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { toApiErrorResponse } from '../../http/api-errors.ts';
import type { Article, ArticleSummary } from '../../content/article.ts';
import { findPublishedArticle } from '../../content/article-repository.ts';
import { cacheEpoch } from '../../settings/content-version.ts';
import { createPageCache } from '../page-cache.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { OEmbedError, OEmbedQuery, OEmbedResponse, oembedPath, parseOEmbedRequest, toOEmbed } from './oembed.ts';

/** What a list shows of an article: its body stays behind, so the embed cannot carry any of it. */
function summaryOf({ body: _body, previewBlockCount: _previewBlockCount, ...summary }: Article): ArticleSummary {
  return summary;
}

const errorBody = (code: string, message: string, field?: string): OEmbedError => ({ error: { code, message, ...(field === undefined ? {} : { field }) } });

/**
 * GET /oembed?url=…: JSON only, and errors as JSON in the API's shape, naming the field at fault.
 * Embeds are the same for everyone, so no reader's state is read, and none is counted.
 */
export async function registerOEmbedRoute(app: App, deps: ReaderSiteDeps): Promise<void> {
  const articles = createPageCache<ArticleSummary | 'not-found'>({ maxEntries: deps.isCachingPages ? 1_000 : 0 });
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.setErrorHandler((error, request, reply) => {
      const { status, body } = toApiErrorResponse(error);
      if (status >= 500) request.log.error({ err: error }, 'oEmbed request failed');
      return reply.code(status).header('cache-control', 'no-store').send(body);
    });

    scope.get(
      oembedPath,
      { schema: { querystring: OEmbedQuery, response: { 200: OEmbedResponse, 400: OEmbedError, 404: OEmbedError, 501: OEmbedError } } },
      async (request, reply) => {
        const parsed = parseOEmbedRequest(request.query, deps.publicUrl);
        if (parsed.kind === 'invalid')
          return reply
            .code(400)
            .header('cache-control', 'no-store')
            .send(errorBody('invalid-request', parsed.message, parsed.field));
        if (parsed.kind === 'format-not-implemented') {
          return reply
            .code(501)
            .header('cache-control', 'no-store')
            .send(errorBody('format-not-implemented', 'This site gives oEmbed as JSON only: ask with format=json.', 'format'));
        }
        if (parsed.kind === 'not-ours')
          return reply
            .code(404)
            .header('cache-control', 'no-store')
            .send(errorBody('not-found', "That address is not one of this site's articles.", 'url'));

        const now = deps.now();
        const key = `${cacheEpoch(await deps.contentVersion.current(), now)}:${parsed.slug}`;
        let article = articles.get(key);
        if (article === undefined) {
          const found = await findPublishedArticle(deps.db, parsed.slug, now);
          article = found ? summaryOf(found) : 'not-found';
          articles.set(key, article);
        }
        if (article === 'not-found')
          return reply
            .code(404)
            .header('cache-control', 'no-store')
            .send(errorBody('not-found', "That address is not one of this site's published articles.", 'url'));
        const { settings } = await deps.chrome();
        return reply
          .header('cache-control', 'public, max-age=300')
          .send(toOEmbed({ article, settings, publicUrl: deps.publicUrl, maxWidth: parsed.maxWidth, maxHeight: parsed.maxHeight }));
      },
    );
  });
}
