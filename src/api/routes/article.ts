import { listOffers, listPlans } from '../../commerce/catalogue-repository.ts';
import { paywallOfferCount, pickBestOffers } from '../../commerce/offer-rules.ts';
import { hasHadTrial } from '../../commerce/subscription-repository.ts';
import { findPublishedArticle, findRenamedArticle } from '../../content/article-repository.ts';
import { readArticle } from '../../reading/read-article.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { readAnonymousMeter, storeAnonymousMeter } from '../../web/meter-cookie-jar.ts';
import type { SiteDeps } from '../../web/site-deps.ts';
import { ApiError } from '../../http/api-errors.ts';
import { apiArticlePath } from '../api-paths.ts';
import { identifyApiClient } from '../api-identity.ts';
import { articleBody, articleParams, errorBody, noQuery } from '../api-schemas.ts';
import type { ApiApp } from '../api-plugin.ts';
import { toArticleBody, toOfferBody, type OfferBody } from '../api-views.ts';

const notFound = () => new ApiError(404, 'not-found', 'There is no published article at that address.');

export function registerArticleRoute(api: ApiApp, deps: SiteDeps): void {
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
      const identity = await identifyApiClient(request, deps);
      const now = deps.now();
      const article = await findPublishedArticle(deps.db, request.params.slug, now);
      // As on the site, an article the newsroom renamed or moved keeps its old address, as a redirect.
      if (!article) {
        const renamed = await findRenamedArticle(deps.db, request.params.slug);
        if (renamed) return reply.redirect(apiArticlePath(renamed), 301);
        throw notFound();
      }
      if (article.section.slug !== request.params.section) return reply.redirect(apiArticlePath(article), 301);
      const [{ settings: publication }, accessSettings] = await Promise.all([deps.chrome(), readAccessSettings(deps.db)]);
      const read = await readArticle(deps, {
        article,
        reader: identity.reader,
        anonymousMeter: identity.kind === 'anonymous' ? readAnonymousMeter(request, deps) : null,
        settings: accessSettings,
        timeZone: publication.timeZone,
        now,
      });
      if (read.anonymousMeterToStore) storeAnonymousMeter(reply, deps, read.anonymousMeterToStore);
      let offers: OfferBody[] = [];
      if (read.decision.access === 'preview') {
        const [allOffers, plans, hasUsedTrial] = await Promise.all([
          listOffers(deps.db),
          listPlans(deps.db),
          identity.kind === 'token-holder' ? hasHadTrial(deps.db, identity.holder.account.id) : false,
        ]);
        const planById = new Map(plans.map((plan) => [plan.id, plan]));
        offers = pickBestOffers({ offers: allOffers, plans, now, hasUsedTrial, count: paywallOfferCount }).flatMap((offer) => {
          const plan = planById.get(offer.planId);
          return plan ? [toOfferBody(offer, plan, { settings: publication, publicUrl: deps.publicUrl })] : [];
        });
      }
      reply.header('cache-control', 'private, no-store').header('vary', 'Authorization, Cookie');
      return toArticleBody(
        { article, body: read.body, decision: read.decision, reader: identity.reader, offers },
        { settings: accessSettings, timeZone: publication.timeZone, now, publicUrl: deps.publicUrl },
      );
    },
  );
}
