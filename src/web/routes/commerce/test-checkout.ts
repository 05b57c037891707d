import { Type } from 'typebox';
import { CheckoutRefusedError, findOpenCheckout } from '../../../commerce/checkout.ts';
import { firstChargeMinor } from '../../../commerce/offer-rules.ts';
import { formatMoney } from '../../../commerce/money.ts';
import { formatOfferTerms } from '../../../commerce/offer-wording.ts';
import { payTestCheckout } from '../../../commerce/test-mode/pay-test-checkout.ts';
import { testCheckoutPath } from '../../../commerce/test-mode/test-provider.ts';
import type { OpenCheckout } from '../../../commerce/checkout.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { accountPaths } from '../../account-paths.ts';
import { checkoutPaths } from '../../checkout-paths.ts';
import { NotFoundError } from '../../http-errors.ts';
import { findReaderAccount } from '../../reader-identity.ts';
import { commerceContextOf, type App, type SiteDeps } from '../../site-deps.ts';
import type { TestCheckoutPageView } from '../../views/view-models.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

const title = 'Test mode checkout';
const idParam = Type.Object({ id: Type.String({ minLength: 10, maxLength: 100 }) });

async function checkoutPage(request: FastifyRequest, reply: FastifyReply, deps: SiteDeps, checkout: OpenCheckout, { error = null, status = 200 }: { error?: string | null; status?: number } = {}) {
  const { locale } = await readPublicationSettings(deps.db);
  const firstCharge = firstChargeMinor(checkout.offer, checkout.plan);
  const page: TestCheckoutPageView = {
    csrfToken: reply.generateCsrf(),
    error,
    message: null,
    payUrl: `${testCheckoutPath}/${checkout.id}`,
    offerHeadline: checkout.offer.headline,
    planName: checkout.plan.name,
    terms: formatOfferTerms(checkout.offer, checkout.plan, locale),
    dueToday: firstCharge === 0 ? 'Nothing to pay today: your trial is free' : `${formatMoney({ amountMinor: firstCharge, currency: checkout.plan.currency }, locale)} today`,
    cancelUrl: accountPaths.offers,
  };
  return sendAccountPage(request, reply, deps, { template: 'test-checkout', title, page, status });
}

/** The built-in provider's payment page, standing in for Stripe Checkout; only mounted in test mode. */
export function registerTestCheckoutRoutes(app: App, deps: SiteDeps): void {
  async function openCheckoutFor(request: FastifyRequest, id: string): Promise<OpenCheckout> {
    const account = await findReaderAccount(request, deps);
    const checkout = account ? await findOpenCheckout(deps.db, { checkoutId: id, accountId: account.id }) : undefined;
    if (!checkout || checkout.provider !== 'test') throw new NotFoundError('There is no open checkout at this address. Start again from the offers page.');
    return checkout;
  }

  app.get(`${testCheckoutPath}/:id`, { schema: { params: idParam } }, async (request, reply) =>
    checkoutPage(request, reply, deps, await openCheckoutFor(request, request.params.id)),
  );

  app.post(
    `${testCheckoutPath}/:id`,
    {
      schema: {
        params: idParam,
        body: Type.Object({
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          card: Type.String({ maxLength: 40 }),
          expiry: Type.Optional(Type.String({ maxLength: 10 })),
          cvc: Type.Optional(Type.String({ maxLength: 10 })),
        }),
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const checkout = await openCheckoutFor(request, request.params.id);
      try {
        const result = await payTestCheckout(commerceContextOf(deps), { checkout, cardNumber: request.body.card, now: deps.now() });
        if (result.kind === 'paid') return reply.redirect(`${checkoutPaths.done}?checkout=${encodeURIComponent(checkout.id)}`, 303);
        const error = result.kind === 'declined' ? 'Your card was declined. Try another card.' : 'In test mode, use the test card 4242 4242 4242 4242.';
        return checkoutPage(request, reply, deps, checkout, { error, status: 402 });
      } catch (error) {
        if (!(error instanceof CheckoutRefusedError)) throw error;
        return checkoutPage(request, reply, deps, checkout, { error: error.message, status: 409 });
      }
    },
  );
}
