import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { EditionCache } from '../reading/edition-cache.ts';
import type { App, SiteDeps } from '../http/site-deps.ts';
import { absoluteUrl } from '../http/urls.ts';
import { toApiErrorResponse } from '../http/api-errors.ts';
import { retryAfterOf } from '../http/error-status.ts';
import { apiPrefix } from './api-paths.ts';
import { registerArticleRoute } from './routes/article.ts';
import { registerListRoutes } from './routes/articles.ts';
import { registerMeRoute } from './routes/me.ts';
import { registerSearchRoute } from './routes/search.ts';
import { registerSessionRoutes } from './routes/sessions.ts';

/** Larger than any request the API takes (a log-in); the site's forms may be larger. */
const apiBodyLimit = 16 * 1024;

/**
 * The JSON API for the publication's apps, versioned under /api/v1. Everything here answers JSON,
 * errors included, through the same operations as the site: readPublishedArticle for every read, the
 * site's log-in check and rate limits for signing in. Its OpenAPI document is generated from the
 * routes' schemas.
 */
export async function registerApi(app: App, deps: SiteDeps, editions: EditionCache): Promise<void> {
  await app.register(
    async (api) => {
      // TypeBox checks requests exactly: a field the schema does not name is refused, not dropped
      // (the site's Ajv strips unknown fields, which would let an app's typo pass unnoticed).
      api.setValidatorCompiler(TypeBoxValidatorCompiler);
      // JSON bodies only: a cross-site form cannot post to the API as a browser's own request.
      api.removeAllContentTypeParsers();
      api.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: apiBodyLimit }, api.getDefaultJsonParser('error', 'error'));

      api.setErrorHandler((error, request, reply) => {
        const { status, body } = toApiErrorResponse(error);
        if (status >= 500) request.log.error({ err: error }, 'API request failed');
        const retryAfter = retryAfterOf(error);
        if (retryAfter !== null) reply.header('retry-after', retryAfter);
        // RFC 6750: a refusal names the scheme that would be accepted.
        if (status === 401) reply.header('www-authenticate', 'Bearer');
        return reply.code(status).header('cache-control', 'no-store').send(body);
      });
      api.setNotFoundHandler((_request, reply) =>
        reply
          .code(404)
          .header('cache-control', 'no-store')
          .send({ error: { code: 'not-found', message: `The API has nothing at that address; see ${apiPrefix}/openapi.json.` } }),
      );

      await api.register(fastifySwagger, {
        openapi: {
          openapi: '3.1.0',
          info: {
            title: 'Dateline API for apps',
            version: '1',
            description:
              "Sections, articles, search and the reader's account for the publication's own apps. Every read goes through the same access decision as the web: a locked article comes back with its preview and an `access` object, never its locked part. " +
              'Sign in with POST /api/v1/sessions and send the token as `Authorization: Bearer <token>`. Errors are `{ "error": { "code", "message", "field"? } }`.',
          },
          servers: [{ url: deps.publicUrl.toString().replace(/\/$/, '') }],
          components: {
            securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'The token POST /api/v1/sessions gave this device.' } },
          },
          tags: [
            { name: 'Sessions', description: 'Signing devices in and out.' },
            { name: 'Articles', description: 'Sections, lists, reading and search.' },
            { name: 'Account', description: 'The signed-in reader.' },
          ],
        },
      });
      // The reference page works under the site's strict Content-Security-Policy as it is: its
      // scripts and styles are files, and the base layout leaves out the top bar, whose logo is
      // the one thing Swagger UI draws with an inline <style>. Its links are built from its own
      // prefix, so it is told the API's too.
      await api.register(fastifySwaggerUi, {
        routePrefix: '/docs',
        indexPrefix: apiPrefix,
        uiConfig: { layout: 'BaseLayout', deepLinking: false, defaultModelsExpandDepth: 0 },
      });

      api.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').send(api.swagger()));
      // The API's own address says where its description is (it would otherwise fall to the site's article route).
      api.get('/', { schema: { hide: true } }, async () => ({
        openapi: absoluteUrl(deps.publicUrl, `${apiPrefix}/openapi.json`),
        reference: absoluteUrl(deps.publicUrl, `${apiPrefix}/docs`),
      }));

      registerSessionRoutes(api, deps);
      registerListRoutes(api, deps);
      registerArticleRoute(api, deps, editions);
      registerSearchRoute(api, deps);
      registerMeRoute(api, deps);
    },
    { prefix: apiPrefix },
  );
}
