import { Type } from 'typebox';
import { listOffers, listPlans } from '../../../commerce/catalogue-repository.ts';
import { chooseBestOffer, rankOffers } from '../../../commerce/offer-rules.ts';
import { hasHadTrial } from '../../../commerce/subscription-repository.ts';
import { startCheckout, CheckoutRefusedError } from '../../../commerce/checkout.ts';
import { accountPaths } from '../../account-paths.ts';
import { findReaderAccount, findSignedInReader } from '../../reader-identity.ts';
import { commerceContextOf, type App, type SiteDeps } from '../../site-deps.ts';
import { checkoutPath, toOfferView } from '../../views/offer-view.ts';
import type { OffersPageView } from '../../views/view-models.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../render-page.ts';
import { offersJsonLd } from '../../views/offers-json-ld.ts';
import { pageMeta } from '../../views/meta-view.ts';

const title = 'Subscribe';

/**
 * Every offer a reader can take now, best first and the best marked, as the paywall ranks them. The
 * page is indexed, with the offers' schema.org markup for search engines.
 */
async function offersPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: SiteDeps,
  { error = null, status = 200 }: { error?: string | null; status?: number } = {},
) {
  const now = deps.now();
  const identity = await findSignedInReader(request, deps);
  const { account } = identity;
  const [chrome, offers, plans, hasUsedTrial] = await Promise.all([
    deps.chrome(),
    listOffers(deps.db),
    listPlans(deps.db),
    account ? hasHadTrial(deps.db, account.id) : Promise.resolve(false),
  ]);
  const { settings } = chrome;
  const planById = new Map(plans.map((plan) => [plan.id, plan]));
  const ranked = rankOffers({ offers, plans, now, hasUsedTrial }).flatMap((offer) => {
    const plan = planById.get(offer.planId);
    return plan ? [{ offer, plan }] : [];
  });
  const best = chooseBestOffer({ offers, plans, now, hasUsedTrial });
  const page: OffersPageView = {
    csrfToken: account ? reply.generateCsrf() : '',
    error,
    message: null,
    isSignedIn: account !== null,
    offers: ranked.map(({ offer, plan }) => toOfferView({ offer, plan, plans, settings, returnPath: accountPaths.offers, isBest: ranked.length > 1 && offer.id === best?.id })),
    emptyMessage: ranked.length === 0 ? 'There are no offers at the moment. Please come back soon.' : '',
  };
  const description = `Subscribe to ${settings.name}: unlimited access to all of our journalism, on every device.`;
  const indexed = pageMeta({ title, description, path: accountPaths.offers, publicUrl: deps.publicUrl, settings });
  const meta = { ...indexed, jsonLd: ranked.length === 0 ? '' : offersJsonLd({ offers: ranked, publication: settings.name, pageUrl: indexed.canonicalUrl }) };
  reply.header('cache-control', 'private, no-store');
  return sendPage(reply, deps, { chrome, identity, template: 'offers', page, meta, status });
}

export function registerOfferRoutes(app: App, deps: SiteDeps): void {
  app.get(accountPaths.offers, async (request, reply) => offersPage(request, reply, deps));

  app.post(
    checkoutPath,
    { schema: { body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), offer: Type.String({ maxLength: 200 }) }) }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const account = await findReaderAccount(request, deps);
      if (!account) return reply.redirect(`${accountPaths.register}?next=${encodeURIComponent(accountPaths.offers)}`, 303);
      try {
        const { redirectUrl } = await startCheckout(commerceContextOf(deps), { account, offerSlug: request.body.offer, now: deps.now() });
        return reply.redirect(redirectUrl, 303);
      } catch (error) {
        if (!(error instanceof CheckoutRefusedError)) throw error;
        return offersPage(request, reply, deps, { error: error.message, status: error.problem === 'unknown-offer' ? 404 : 409 });
      }
    },
  );
}
