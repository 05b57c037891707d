import type { EditionCache } from '../../reading/edition-cache.ts';
import { readPublishedArticle } from '../../reading/read-published-article.ts';
import { emptyMeter, meterPeriodOf } from '../../access/meter.ts';
import { newVisitor } from '../../access/meter-cookie.ts';
import { recordExposures } from '../../http/experiment-exposures.ts';
import { readerKeyOf, recordReadInsights } from '../../http/insight-readers.ts';
import { readAnonymousCookie, storeAnonymousMeter } from '../../http/meter-cookie-jar.ts';
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

      const { edition, read, paywall, experiments } = outcome;
      const { article, chrome, accessSettings } = edition;
      // A browser (or an app keeping cookies) is named when its meter is first stored or it is first drawn into an experiment; until then its reads are nobody's.
      const visitor = experiments.visitorToStore ?? cookie?.visitor ?? (read.anonymousMeterToStore === null ? null : newVisitor());
      if ((read.anonymousMeterToStore !== null || experiments.visitorToStore !== null) && visitor !== null) {
        const meter = read.anonymousMeterToStore ?? read.decision.meter ?? emptyMeter(meterPeriodOf(now, chrome.settings.timeZone));
        storeAnonymousMeter(reply, deps, { meter, visitor });
      }
      recordExposures(deps, { found: outcome, visitor, visit, now });
      recordReadInsights(deps.insights, {
        article,
        reader: identity.reader,
        decision: read.decision,
        offersShown: (paywall?.offers ?? []).map(({ offer }) => ({ offerId: offer.id, planId: offer.planId })),
        gift: null,
        readerKey: readerKeyOf(deps.insights, { accountId: outcome.reader.accountId, visitor, at: now }),
        // The API takes no query parameters, so only the Referer an app sends says where the read came from.
        visit,
        at: now,
      });
      const offers = (paywall?.offers ?? []).map(({ offer, plan }) => toOfferBody(offer, plan, { settings: chrome.settings, publicUrl: deps.publicUrl }));
      reply.header('cache-control', 'private, no-store').header('vary', 'Authorization, Cookie');
      return toArticleBody(
        { article, body: read.body, decision: read.decision, offers },
        { settings: accessSettings, timeZone: chrome.settings.timeZone, now, publicUrl: deps.publicUrl },
      );
    },
  );
}
