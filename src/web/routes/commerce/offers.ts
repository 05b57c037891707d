import { Type } from 'typebox';
import { listOffers, listPlans } from '../../../commerce/catalogue-repository.ts';
import { checkOffer } from '../../../commerce/offer-rules.ts';
import { hasHadTrial } from '../../../commerce/subscription-repository.ts';
import { startCheckout, CheckoutRefusedError } from '../../../commerce/checkout.ts';
import { accountPaths } from '../../account-paths.ts';
import { findReaderAccount } from '../../reader-identity.ts';
import { commerceContextOf, type App, type SiteDeps } from '../../site-deps.ts';
import { checkoutPath, toOfferView } from '../../views/offer-view.ts';
import type { OffersPageView } from '../../views/view-models.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../accounts/account.ts';
import { sendAccountPage } from '../accounts/account-page.ts';

const title = 'Subscribe';

/** Every offer a reader can take now, in the order the paywall would rank them. */
async function offersPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: SiteDeps,
  { account, error = null, status = 200 }: { account: Account | null; error?: string | null; status?: number },
) {
  const now = deps.now();
  const [{ settings }, offers, plans, hasUsedTrial] = await Promise.all([
    deps.chrome(),
    listOffers(deps.db),
    listPlans(deps.db),
    account ? hasHadTrial(deps.db, account.id) : Promise.resolve(false),
  ]);
  const planById = new Map(plans.map((plan) => [plan.id, plan]));
  const views = offers.flatMap((offer) => {
    const plan = planById.get(offer.planId);
    return plan && checkOffer({ offer, plan, now, hasUsedTrial }) === null ? [{ offer, plan }] : [];
  });
  const page: OffersPageView = {
    csrfToken: account ? reply.generateCsrf() : '',
    error,
    message: null,
    isSignedIn: account !== null,
    offers: views.map(({ offer, plan }) => toOfferView(offer, plan, settings)),
    emptyMessage: views.length === 0 ? 'There are no offers at the moment. Please come back soon.' : '',
  };
  return sendAccountPage(request, reply, deps, { template: 'offers', title, page, status });
}

export function registerOfferRoutes(app: App, deps: SiteDeps): void {
  app.get(accountPaths.offers, async (request, reply) => offersPage(request, reply, deps, { account: await findReaderAccount(request, deps) }));

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
        return offersPage(request, reply, deps, { account, error: error.message, status: error.problem === 'unknown-offer' ? 404 : 409 });
      }
    },
  );
}
