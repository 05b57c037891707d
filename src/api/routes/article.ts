import type { EditionCache } from '../../reading/edition-cache.ts';
import { keepReadAftermath } from '../../http/read-aftermath.ts';
import { readPublishedArticle } from '../../reading/read-published-article.ts';
import { readAnonymousCookie } from '../../http/meter-cookie-jar.ts';
import { visitOfRequest } from '../../http/request-visit.ts';
import type { SiteDeps } from '../../http/site-deps.ts';
import { ApiError } from '../../http/api-errors.ts';
import { apiArticlePath } from '../api-paths.ts';
import { identifyApiClient } from '../api-identity.ts';
import { articleBody, articleParams, errorBody, noQuery } from '../api-schemas.ts';
import type { ApiApp } from '../api-app.ts';
import { toArticleBody, toOfferBody } from '../api-views.ts';

const notFound = () => new ApiError(404, 'not-found', 'There is no published article at that address.');

export function registerArticleRoute(api: ApiApp, deps: SiteDeps, editions: EditionCache): void {
  const reading = { db: deps.db, dialect: deps.dialect, giftLinkKey: deps.giftLinkKey, editions };
  api.get(
    '/articles/:section/:slug',
    {
      schema: {
        tags: ['Articles'],
        summary: 'Read an article',
        description:
          "One read, decided exactly as on the web and counted on the same meter: a token holder's in the database, an anonymous reader's in the signed `dl_meter` cookie, which an app that keeps cookies sends back. " +
          'When the reader may not read it all, `blocks` holds only the open preview and `access` says why, with the meter and the offers to show. ' +
          'An old address, of an article since renamed or moved to another section, answers 301 with the current one in `Location`.',
        params: articleParams,
        querystring: noQuery,
        response: { 200: articleBody, 400: errorBody, 401: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      // A token that is not live is refused before anything is looked up, even at an address with no article.
      const identity = await identifyApiClient(request, deps);
      const now = deps.now();
      const cookie = identity.kind === 'anonymous' ? readAnonymousCookie(request, deps) : null;
      const visit = visitOfRequest(request, deps);
      const outcome = await readPublishedArticle(reading, {
        address: request.params,
        visit,
        now,
        identify: async () => ({
          reader: identity.reader,
          accountId: identity.kind === 'token-holder' ? identity.holder.account.id : null,
          anonymousMeter: cookie?.meter ?? null,
          visitor: cookie?.visitor ?? null,
        }),
        giftLink: null,
      });
      if (outcome.kind === 'missing') throw notFound();
      if (outcome.kind === 'moved') return reply.redirect(apiArticlePath(outcome.to), 301);

      const { edition, read, paywall } = outcome;
      const { article, chrome, accessSettings } = edition;
      // The API takes no query parameters, so only the Referer an app sends says where the read came from.
      keepReadAftermath(reply, deps, { found: outcome, visit, now });
      const offers = (paywall?.offers ?? []).map(({ offer, plan }) => toOfferBody(offer, plan, { settings: chrome.settings, publicUrl: deps.publicUrl }));
      reply.header('cache-control', 'private, no-store').header('vary', 'Authorization, Cookie');
      return toArticleBody(
        { article, body: read.body, decision: read.decision, offers },
        { settings: accessSettings, timeZone: chrome.settings.timeZone, now, publicUrl: deps.publicUrl },
      );
    },
  );
}
