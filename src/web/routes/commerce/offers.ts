import { Type } from 'typebox';
import { organisationPaths } from '../../organisations/organisation-paths.ts';
import { findOfferBySlug, listOffers, listPlans } from '../../../commerce/catalogue-repository.ts';
import { checkOffer, chooseBestOffer, rankOffers } from '../../../commerce/offer-rules.ts';
import type { Offer } from '../../../commerce/plan.ts';
import { hasHadTrial } from '../../../commerce/subscription-repository.ts';
import { startCheckout, CheckoutRefusedError, type CheckoutProblem } from '../../../commerce/checkout.ts';
import { settleCheckoutReturn } from '../../../commerce/checkout-return.ts';
import { accountPaths, returnPathOf, withNext } from '../../../http/account-paths.ts';
import { checkoutFormPath, checkoutLeftPath, checkoutPaths, checkoutStartPath, parseReturnPath, storyPathOf } from '../../checkout-paths.ts';
import { decideCheckoutReturnPage } from '../../checkout-return-page.ts';
import { findReaderAccount, findSignedInReader } from '../../../http/reader-identity.ts';
import { commerceContextOf, type App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { NotFoundError } from '../../../http/http-errors.ts';
import { toOfferView } from '../../views/offer-view.ts';
import type { CheckoutStartPageView, CheckoutWaitingPageView, OffersPageView } from '../../views/view-models.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../accounts/account.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import { readerNameOf } from '../../../http/insight-readers.ts';
import { visitOfRequest } from '../../../http/request-visit.ts';
import { readAnonymousCookie } from '../../../http/meter-cookie-jar.ts';
import { sendPage } from '../../render-page.ts';
import { findGiftsOnSale } from '../../../gift-subscriptions/gift-checkout.ts';
import { giftSubscriptionPaths } from '../../../http/gift-subscription-paths.ts';
import { offersJsonLd } from '../../views/offers-json-ld.ts';
import { pageMeta } from '../../views/meta-view.ts';
import { DomainError } from '../../../errors/domain-error.ts';
import { statusOf } from '../../../http/error-status.ts';

const title = 'Subscribe';
const offerField = Type.String({ maxLength: 200 });
// Checked by parseReturnPath, which drops anything that is not a page of this site.
const returnField = Type.Optional(Type.String({ maxLength: 500 }));
/** Said on the confirmation page to a reader who left the provider's checkout (its cancel address is marked `left=1`). */
const leftCheckoutNote = 'You left checkout; nothing was charged.';
const waitingTitle = 'Payment received — confirming your subscription';

/**
 * Every offer a reader can take now, best first and the best marked, as the paywall ranks them. The
 * page is indexed, with the offers' schema.org markup for search engines.
 */
async function offersPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  { error = null, status = 200 }: { error?: string | null; status?: number } = {},
) {
  const now = deps.now();
  const identity = await findSignedInReader(request, deps);
  const { account } = identity;
  const [chrome, offers, plans, hasUsedTrial, giftsOnSale] = await Promise.all([
    deps.chrome(),
    listOffers(deps.db),
    listPlans(deps.db),
    account ? hasHadTrial(deps.db, account.id) : Promise.resolve(false),
    findGiftsOnSale(deps.db),
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
    offers: ranked.map(({ offer, plan }) =>
      toOfferView({ offer, plan, plans, settings, returnPath: null, isBest: ranked.length > 1 && offer.id === best?.id }),
    ),
    emptyMessage: ranked.length === 0 ? 'There are no offers at the moment. Please come back soon.' : '',
    giftsUrl: giftsOnSale === null ? '' : giftSubscriptionPaths.buy,
    teamsUrl: organisationPaths.buy,
  };
  const description = `Subscribe to ${settings.name}: unlimited access to all of our journalism, on every device.`;
  const indexed = pageMeta({ title, description, path: accountPaths.offers, publicUrl: deps.publicUrl, settings });
  const meta = { ...indexed, jsonLd: ranked.length === 0 ? '' : offersJsonLd({ offers: ranked, publication: settings.name, pageUrl: indexed.canonicalUrl }) };
  reply.header('cache-control', 'private, no-store');
  return sendPage(reply, deps, { chrome, identity, template: 'offers', page, meta, status });
}

/**
 * The offer a signed-in reader chose, with one button on to payment; or, when it can no longer be
 * taken (it ended, sold out, or the reader had its trial), the offers page saying so.
 */
async function checkoutStartPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  {
    account,
    offerSlug,
    returnPath,
    note,
    isNewChoice,
  }: { account: Account; offerSlug: string; returnPath: string | null; note: string | null; isNewChoice: boolean },
) {
  const now = deps.now();
  const [{ settings }, found, plans, hasUsedTrial] = await Promise.all([
    deps.chrome(),
    findOfferBySlug(deps.db, offerSlug),
    listPlans(deps.db),
    hasHadTrial(deps.db, account.id),
  ]);
  const refuse = (problem: CheckoutProblem) => {
    const refusal = new CheckoutRefusedError(problem);
    return offersPage(request, reply, deps, { error: refusal.message, status: statusOf(refusal) });
  };
  if (!found) return refuse('unknown-offer');
  const problem = checkOffer({ ...found, now, hasUsedTrial });
  if (problem) return refuse(problem);
  if (isNewChoice) recordOfferChosen(request, deps, { offer: found.offer, accountId: account.id, now });
  const page: CheckoutStartPageView = {
    csrfToken: reply.generateCsrf(),
    error: null,
    message: note,
    offer: toOfferView({ ...found, plans, settings, returnPath, isBest: false }),
    checkoutUrl: checkoutFormPath(null),
    returnPath: returnPath ?? '',
    storyUrl: storyPathOf(returnPath) ?? '',
    offersUrl: accountPaths.offers,
  };
  return sendAccountPage(request, reply, deps, { template: 'checkout', title, page });
}

/**
 * A reader chose an offer (its link, from the paywall or the offers page): recorded for a signed-in
 * reader as the checkout opens, and for one who must first register as they are sent to, under
 * their browser's key, which their registration links to their account.
 */
function recordOfferChosen(
  request: FastifyRequest,
  deps: ReaderSiteDeps,
  { offer, accountId, now }: { offer: Offer; accountId: number | null; now: Date },
): void {
  deps.insights.record({
    kind: 'offer-chosen',
    offerId: offer.id,
    planId: offer.planId,
    reader: readerNameOf({ accountId, visitor: accountId === null ? (readAnonymousCookie(request, deps)?.visitor ?? null) : null, at: now }),
    visit: visitOfRequest(request, deps),
    at: now,
  });
}

export function registerOfferRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(accountPaths.offers, async (request, reply) => offersPage(request, reply, deps));

  // Where a chosen offer lands by a link: after registering or logging in, a reader comes back here, not to a bare offers page.
  // A reader who leaves the provider's checkout comes back here too, marked `left`, to choose again or go back to the story.
  app.get(
    checkoutPaths.checkout,
    { schema: { querystring: Type.Object({ offer: offerField, return: returnField, left: Type.Optional(Type.String({ maxLength: 10 })) }) } },
    async (request, reply) => {
      const returnPath = parseReturnPath(request.query.return);
      const account = await findReaderAccount(request, deps);
      if (!account) {
        const found = await findOfferBySlug(deps.db, request.query.offer);
        if (found) recordOfferChosen(request, deps, { offer: found.offer, accountId: null, now: deps.now() });
        return reply.redirect(withNext(accountPaths.register, checkoutStartPath(request.query.offer, returnPath)), 303);
      }
      const hasLeftCheckout = request.query.left === '1';
      const note = hasLeftCheckout ? leftCheckoutNote : null;
      // Back from leaving the provider's checkout is the same choice, not a new one.
      return checkoutStartPage(request, reply, deps, { account, offerSlug: request.query.offer, returnPath, note, isNewChoice: !hasLeftCheckout });
    },
  );

  app.post(
    checkoutPaths.checkout,
    {
      schema: {
        // The return path comes in the form or, from an offer card, in the form's address.
        querystring: Type.Object({ return: returnField }),
        body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), offer: offerField, return: returnField }),
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const returnPath = parseReturnPath(request.body.return ?? request.query.return);
      const account = await findReaderAccount(request, deps);
      if (!account) return reply.redirect(withNext(accountPaths.register, checkoutStartPath(request.body.offer, returnPath)), 303);
      try {
        const { redirectUrl } = await startCheckout(commerceContextOf(deps), {
          account,
          offerSlug: request.body.offer,
          returnPath,
          cancelPath: checkoutLeftPath(request.body.offer, returnPath),
          now: deps.now(),
        });
        return reply.redirect(redirectUrl, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return offersPage(request, reply, deps, { error: error.message, status: statusOf(error) });
      }
    },
  );

  // Where a paid checkout returns (the test checkout, and Stripe Checkout's success URL): on to the page the reader subscribed
  // from once the subscription is there, asking the provider rather than waiting for its event; meanwhile a page that waits.
  app.get(
    checkoutPaths.done,
    {
      schema: {
        querystring: Type.Object({ checkout: Type.String({ maxLength: 100 }), since: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799 })) }),
      },
    },
    async (request, reply) => {
      const account = await findReaderAccount(request, deps);
      if (!account) return reply.redirect(withNext(accountPaths.logIn, returnPathOf(request.url)), 303);
      const now = deps.now();
      const { checkout: checkoutId, since } = request.query;
      const settled = await settleCheckoutReturn(commerceContextOf(deps), { checkoutId, accountId: account.id, now });
      if (settled.kind === 'confirming' && settled.problem !== null)
        request.log.warn({ problem: settled.problem }, 'Checkout return not confirmed by the payment provider');
      const shown = decideCheckoutReturnPage(settled, { checkoutId, waitingSince: since === undefined ? null : new Date(since * 1000), now });
      switch (shown.kind) {
        case 'not-found':
          throw new NotFoundError('There is no checkout of yours at this address. Your subscription is on your account page.');
        case 'redirect':
          return reply.redirect(shown.to, 303);
        case 'waiting': {
          const page: CheckoutWaitingPageView = {
            isTakingLong: shown.isTakingLong,
            storyUrl: shown.storyPath ?? '',
            accountUrl: accountPaths.account,
            checkAgainUrl: shown.checkAgainUrl,
            askAgainAfterSeconds: shown.askAgainAfterSeconds ?? 0,
          };
          return sendAccountPage(request, reply, deps, { template: 'checkout-waiting', title: waitingTitle, page });
        }
      }
    },
  );
}
