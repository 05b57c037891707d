import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Account } from '../../accounts/account.ts';
import { listPlans } from '../../commerce/catalogue-repository.ts';
import { formatMoney } from '../../commerce/money.ts';
import { checkCardForm, type CardForm, type CardProblems } from '../../commerce/test-mode/card-details.ts';
import { testSeatCheckoutPath } from '../../commerce/test-mode/test-provider.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { accountPaths, withNext } from '../../http/account-paths.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { findReaderAccount } from '../../http/reader-identity.ts';
import { commerceContextOf, type App } from '../../http/site-deps.ts';
import { parseSeatOrder, seatsPriceMinor } from '../../organisations/seat-purchase-rules.ts';
import {
  findOpenSeatCheckout,
  payTestSeatCheckout,
  settleSeatCheckoutReturn,
  startSeatCheckout,
  type OpenSeatCheckout,
} from '../../organisations/seat-checkout.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { sendAccountPage } from '../routes/accounts/account-page.ts';
import { csrfField } from '../routes/accounts/form-schemas.ts';
import { blankCardForm, cardFormBody, toCardFieldViews } from '../routes/commerce/test-checkout.ts';
import type { CheckoutWaitingPageView, TestCheckoutPageView } from '../views/view-models.ts';
import { organisationPaths } from './organisation-paths.ts';
import { seatOrderErrorSummary, toSeatOrderFormView, toSeatOrderReview, type BuySeatsPageView } from './seat-purchase-views.ts';

const title = 'Buy seats for your team';
const orderForm = Type.Object({
  ...csrfField,
  organisationName: Type.String({ maxLength: 400 }),
  plan: Type.String({ maxLength: 100 }),
  seats: Type.String({ maxLength: 20 }),
  /** `review` shows the total; `pay` goes on to pay it. */
  step: Type.Union([Type.Literal('review'), Type.Literal('pay')]),
});
const pageQuery = Type.Object({ left: Type.Optional(Type.String({ maxLength: 1 })) }, { additionalProperties: true });
const idParam = Type.Object({ id: Type.String({ minLength: 10, maxLength: 100 }) });
const doneQuery = Type.Object({ checkout: Type.String({ maxLength: 100 }) });

type OrderInput = { organisationName: string; planSlug: string; seats: string };
const blankOrder: OrderInput = { organisationName: '', planSlug: '', seats: String(3) };

async function sendBuyPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  {
    input = blankOrder,
    isReviewed = false,
    error = null,
    message = null,
    status = 200,
  }: { input?: OrderInput; isReviewed?: boolean; error?: string | null; message?: string | null; status?: number } = {},
) {
  const [plans, { locale, timeZone }] = await Promise.all([listPlans(deps.db), readPublicationSettings(deps.db)]);
  const wording = { locale, timeZone };
  const parsed = parseSeatOrder(input, plans);
  // A blank form has nothing wrong with it yet: problems show once the reader has asked for the total.
  const problems = isReviewed && parsed.kind === 'invalid' ? parsed.problems : {};
  const page: BuySeatsPageView = {
    csrfToken: reply.generateCsrf(),
    error,
    message,
    buyUrl: organisationPaths.buy,
    form: toSeatOrderFormView(input, { plans, problems, wording }),
    review: isReviewed && parsed.kind === 'valid' ? toSeatOrderReview(parsed.order, { now: deps.now(), wording }) : null,
    errorSummary: seatOrderErrorSummary(problems),
  };
  const isInError = error !== null || page.errorSummary.length > 0;
  return sendAccountPage(request, reply, deps, { template: 'buy-seats', title: isInError ? `Error: ${title}` : title, page, status });
}

/** The signed-in reader, or a redirect to log in that brings them back to buying. */
async function requireBuyer(request: FastifyRequest, reply: FastifyReply, deps: ReaderSiteDeps): Promise<Account | null> {
  const account = await findReaderAccount(request, deps);
  if (!account) reply.redirect(withNext(accountPaths.logIn, organisationPaths.buy), 303);
  return account;
}

async function sendTestPaymentPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  checkout: OpenSeatCheckout,
  {
    form = blankCardForm,
    problems = {},
    error = null,
    status = 200,
  }: { form?: CardForm; problems?: CardProblems; error?: string | null; status?: number } = {},
) {
  const { locale, timeZone } = await readPublicationSettings(deps.db);
  const review = toSeatOrderReview(checkout, { now: deps.now(), wording: { locale, timeZone } });
  const fields = toCardFieldViews(form, problems);
  const page: TestCheckoutPageView = {
    csrfToken: reply.generateCsrf(),
    error,
    message: null,
    payUrl: `${testSeatCheckoutPath}/${checkout.id}`,
    offerHeadline: `${checkout.seats} seats for ${checkout.organisationName}`,
    planName: checkout.plan.name,
    terms: `${formatMoney({ amountMinor: checkout.plan.priceMinor, currency: checkout.plan.currency }, locale)} per seat`,
    dueToday: `Total due today: ${formatMoney({ amountMinor: seatsPriceMinor({ priceMinor: checkout.plan.priceMinor, seats: checkout.seats }), currency: checkout.plan.currency }, locale)}`,
    renewal: review.renewal,
    cancelTerms: "Change the seats or cancel any time from your organisation's page.",
    accountUrl: organisationPaths.page,
    cancelUrl: `${organisationPaths.buy}?left=1`,
    ...fields,
  };
  const isInError = error !== null || fields.errorSummary.length > 0;
  return sendAccountPage(request, reply, deps, {
    template: 'test-checkout',
    title: isInError ? 'Error: Test mode checkout' : 'Test mode checkout',
    page,
    status,
  });
}

/** Buying seats for a company: the order form and its total, the provider's checkout, and the return once paid. */
export function registerSeatPurchaseRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(organisationPaths.buy, { schema: { querystring: pageQuery } }, async (request, reply) => {
    const account = await requireBuyer(request, reply, deps);
    if (!account) return reply;
    const message = request.query.left === '1' ? 'Nothing was paid. Change the order, or pay when you are ready.' : null;
    return sendBuyPage(request, reply, deps, { message });
  });

  app.post(organisationPaths.buy, { schema: { body: orderForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireBuyer(request, reply, deps);
    if (!account) return reply;
    const input: OrderInput = { organisationName: request.body.organisationName, planSlug: request.body.plan, seats: request.body.seats };
    const parsed = parseSeatOrder(input, await listPlans(deps.db));
    if (parsed.kind === 'invalid' || request.body.step === 'review') {
      return sendBuyPage(request, reply, deps, { input, isReviewed: true, status: parsed.kind === 'invalid' ? 400 : 200 });
    }
    const { redirectUrl } = await startSeatCheckout(commerceContextOf(deps), {
      account,
      order: parsed.order,
      urlsOf: (checkoutId) => ({
        successUrl: new URL(`${organisationPaths.bought.slice(1)}?checkout=${checkoutId}`, deps.publicUrl).toString(),
        cancelUrl: new URL(`${organisationPaths.buy.slice(1)}?left=1`, deps.publicUrl).toString(),
      }),
      now: deps.now(),
    });
    return reply.redirect(redirectUrl, 303);
  });

  // Where a paid seat checkout returns: on to the organisation's page once it is made, asking the provider rather than waiting for its event.
  app.get(organisationPaths.bought, { schema: { querystring: doneQuery } }, async (request, reply) => {
    const account = await findReaderAccount(request, deps);
    if (!account)
      return reply.redirect(withNext(accountPaths.logIn, `${organisationPaths.bought}?checkout=${encodeURIComponent(request.query.checkout)}`), 303);
    const settled = await settleSeatCheckoutReturn(commerceContextOf(deps), { checkoutId: request.query.checkout, accountId: account.id, now: deps.now() });
    switch (settled.kind) {
      case 'not-found':
        throw new NotFoundError('There is no checkout of yours at this address. Your organisation is on its own page.');
      case 'bought':
        return reply.redirect(`${organisationPaths.page}?changed=bought`, 303);
      case 'unpaid':
        return reply.redirect(`${organisationPaths.buy}?left=1`, 303);
      case 'confirming': {
        if (settled.problem !== null) request.log.warn({ problem: settled.problem }, 'Seat checkout return not confirmed by the payment provider');
        const page: CheckoutWaitingPageView = {
          isTakingLong: false,
          storyUrl: '',
          accountUrl: organisationPaths.page,
          checkAgainUrl: `${organisationPaths.bought}?checkout=${encodeURIComponent(request.query.checkout)}`,
          askAgainAfterSeconds: 3,
        };
        return sendAccountPage(request, reply, deps, { template: 'checkout-waiting', title: 'Payment received — setting up your organisation', page });
      }
    }
  });
}

/** Test mode's payment page for seats, standing in for Stripe Checkout; only mounted in test mode. */
export function registerTestSeatCheckoutRoutes(app: App, deps: ReaderSiteDeps): void {
  async function openCheckoutFor(request: FastifyRequest, id: string): Promise<OpenSeatCheckout> {
    const account = await findReaderAccount(request, deps);
    const checkout = account ? await findOpenSeatCheckout(deps.db, { checkoutId: id, accountId: account.id }) : undefined;
    if (checkout?.provider !== 'test') throw new NotFoundError('There is no open checkout at this address. Start again from the page for teams.');
    return checkout;
  }

  app.get(`${testSeatCheckoutPath}/:id`, { schema: { params: idParam } }, async (request, reply) =>
    sendTestPaymentPage(request, reply, deps, await openCheckoutFor(request, request.params.id)),
  );

  app.post(`${testSeatCheckoutPath}/:id`, { schema: { params: idParam, body: cardFormBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const checkout = await openCheckoutFor(request, request.params.id);
    const { card = '', expiry = '', cvc = '', postalCode = '' } = request.body;
    const form: CardForm = { card, expiry, cvc, postalCode };
    const { timeZone } = await readPublicationSettings(deps.db);
    const checked = checkCardForm(form, { now: deps.now(), timeZone });
    if (checked.kind === 'invalid') return sendTestPaymentPage(request, reply, deps, checkout, { form, problems: checked.problems, status: 400 });
    try {
      const result = await payTestSeatCheckout(commerceContextOf(deps), {
        checkout,
        cardNumber: checked.details.number,
        expiry: { month: checked.details.expiryMonth, year: checked.details.expiryYear },
        now: deps.now(),
      });
      if (result.kind === 'paid') return reply.redirect(`${organisationPaths.bought}?checkout=${checkout.id}`, 303);
      const problem = result.kind === 'declined' ? 'Your card was declined. Try another card.' : 'In test mode, use the test card 4242 4242 4242 4242.';
      return sendTestPaymentPage(request, reply, deps, checkout, { form: { ...form, card: '' }, problems: { card: problem }, status: 402 });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendTestPaymentPage(request, reply, deps, checkout, { form, error: error.message, status: 409 });
    }
  });
}
