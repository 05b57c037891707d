import { Type } from 'typebox';
import { findOpenCheckout } from '../../../commerce/checkout.ts';
import { formatOfferTerms } from '../../../commerce/offer-wording.ts';
import { cardFields, checkCardForm, type CardField, type CardForm, type CardProblems } from '../../../commerce/test-mode/card-details.ts';
import { summariseCheckout } from '../../../commerce/test-mode/checkout-summary.ts';
import { payTestCheckout } from '../../../commerce/test-mode/pay-test-checkout.ts';
import { testCheckoutPath } from '../../../commerce/test-mode/test-provider.ts';
import type { OpenCheckout } from '../../../commerce/checkout.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { checkoutDonePath, checkoutLeftPath, parseReturnPath } from '../../checkout-paths.ts';
import { findReaderAccount } from '../../../http/reader-identity.ts';
import { commerceContextOf, type App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { NotFoundError } from '../../../http/http-errors.ts';
import type { CardFieldView, TestCheckoutPageView } from '../../views/view-models.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../errors/domain-error.ts';

const title = 'Test mode checkout';
const idParam = Type.Object({ id: Type.String({ minLength: 10, maxLength: 100 }) });

const fieldIds: Record<CardField, string> = { card: 'checkout-card', expiry: 'checkout-expiry', cvc: 'checkout-cvc', postalCode: 'checkout-postal-code' };
export const blankCardForm: CardForm = { card: '', expiry: '', cvc: '', postalCode: '' };
/** Test mode's card form as posted, at checkout and on the card page. */
export const cardFormBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  card: Type.Optional(Type.String({ maxLength: 40 })),
  expiry: Type.Optional(Type.String({ maxLength: 10 })),
  cvc: Type.Optional(Type.String({ maxLength: 10 })),
  postalCode: Type.Optional(Type.String({ maxLength: 20 })),
});
const blankForm = blankCardForm;

/** The card fields as typed, each with its problem; the first in error takes the focus. Test mode's card page shares them. */
export function toCardFieldViews(
  form: CardForm,
  problems: CardProblems,
): Record<CardField, CardFieldView> & { errorSummary: TestCheckoutPageView['errorSummary'] } {
  const firstInError = cardFields.find((field) => problems[field] !== undefined) ?? null;
  const view = (field: CardField): CardFieldView => ({
    id: fieldIds[field],
    value: form[field],
    error: problems[field] ?? null,
    isFocused: field === firstInError,
  });
  return {
    card: view('card'),
    expiry: view('expiry'),
    cvc: view('cvc'),
    postalCode: view('postalCode'),
    errorSummary: cardFields.flatMap((field) => {
      const message = problems[field];
      return message === undefined ? [] : [{ fieldId: fieldIds[field], message }];
    }),
  };
}

async function checkoutPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  checkout: OpenCheckout,
  { error = null, form = blankForm, problems = {}, status = 200 }: { error?: string | null; form?: CardForm; problems?: CardProblems; status?: number } = {},
) {
  const { locale, timeZone } = await readPublicationSettings(deps.db);
  const summary = summariseCheckout({ offer: checkout.offer, plan: checkout.plan, now: deps.now() }, { locale, timeZone });
  const fields = toCardFieldViews(form, problems);
  const page: TestCheckoutPageView = {
    csrfToken: reply.generateCsrf(),
    error,
    message: null,
    payUrl: `${testCheckoutPath}/${checkout.id}`,
    offerHeadline: checkout.offer.headline,
    planName: checkout.plan.name,
    terms: formatOfferTerms(checkout.offer, checkout.plan, locale),
    dueToday: summary.dueToday,
    renewal: summary.renewal,
    cancelTerms: summary.cancel,
    accountUrl: accountPaths.account,
    // As Stripe Checkout's cancel address does: back to the confirmation page for the offer, to choose again or go back to the story.
    cancelUrl: checkoutLeftPath(checkout.offer.slug, parseReturnPath(checkout.returnPath)),
    ...fields,
  };
  // As GOV.UK does, the page title says there is a problem, so a screen reader hears it first.
  const isInError = error !== null || fields.errorSummary.length > 0;
  return sendAccountPage(request, reply, deps, { template: 'test-checkout', title: isInError ? `Error: ${title}` : title, page, status });
}

/** The built-in provider's payment page, standing in for Stripe Checkout; only mounted in test mode. */
export function registerTestCheckoutRoutes(app: App, deps: ReaderSiteDeps): void {
  async function openCheckoutFor(request: FastifyRequest, id: string): Promise<OpenCheckout> {
    const account = await findReaderAccount(request, deps);
    const checkout = account ? await findOpenCheckout(deps.db, { checkoutId: id, accountId: account.id }) : undefined;
    if (checkout?.provider !== 'test') throw new NotFoundError('There is no open checkout at this address. Start again from the offers page.');
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
        body: cardFormBody,
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const checkout = await openCheckoutFor(request, request.params.id);
      const { card = '', expiry = '', cvc = '', postalCode = '' } = request.body;
      const form: CardForm = { card, expiry, cvc, postalCode };
      const { timeZone } = await readPublicationSettings(deps.db);
      const checked = checkCardForm(form, { now: deps.now(), timeZone });
      if (checked.kind === 'invalid') return checkoutPage(request, reply, deps, checkout, { form, problems: checked.problems, status: 400 });
      try {
        const result = await payTestCheckout(commerceContextOf(deps), {
          checkout,
          cardNumber: checked.details.number,
          expiry: { month: checked.details.expiryMonth, year: checked.details.expiryYear },
          now: deps.now(),
        });
        if (result.kind === 'paid') return reply.redirect(checkoutDonePath(checkout.id), 303);
        // A declined card is typed again, as Stripe asks; everything else the reader typed stays.
        if (result.kind === 'declined')
          return checkoutPage(request, reply, deps, checkout, {
            form: { ...form, card: '' },
            problems: { card: 'Your card was declined. Try another card.' },
            status: 402,
          });
        return checkoutPage(request, reply, deps, checkout, { form, problems: { card: 'In test mode, use the test card 4242 4242 4242 4242.' }, status: 402 });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Whatever refuses a checkout under way (the offer gone, sold out, a subscription meanwhile) clashes with what changed since it began.
        return checkoutPage(request, reply, deps, checkout, { error: error.message, form, status: 409 });
      }
    },
  );
}
