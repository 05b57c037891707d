import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findPlanById } from '../../commerce/catalogue-repository.ts';
import { formatMoney } from '../../commerce/money.ts';
import { checkCardForm, type CardForm, type CardProblems } from '../../commerce/test-mode/card-details.ts';
import { testGiftCheckoutPath } from '../../commerce/test-mode/test-provider.ts';
import { deliveryDayRange, publicationDayOf } from '../../gift-subscriptions/gift-calendar.ts';
import {
  buyGiftSubscription,
  findGiftsOnSale,
  giftCheckoutsPerIp,
  giftProductName,
  payTestGiftCheckout,
  settleGiftCheckoutReturn,
} from '../../gift-subscriptions/gift-checkout.ts';
import { type GiftPurchaseForm, type GiftPurchaseProblems, maximumMessageLength } from '../../gift-subscriptions/gift-purchase.ts';
import { redemptionLinkOf } from '../../gift-subscriptions/gift-purchase-operations.ts';
import { findGiftSubscriptionByCheckout, type StoredGiftSubscription } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { giftReceiptPath, giftSubscriptionPaths } from '../../http/gift-subscription-paths.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { findReaderAccount } from '../../http/reader-identity.ts';
import { absoluteUrl } from '../../http/urls.ts';
import { giftCheckoutContextOf, type App } from '../../http/site-deps.ts';
import { askAgainSeconds, stopAskingAfterSeconds } from '../checkout-return-page.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { checkRateLimits, sendAccountPage } from '../routes/accounts/account-page.ts';
import { csrfField } from '../routes/accounts/form-schemas.ts';
import { blankCardForm, cardFormBody, toCardFieldViews } from '../routes/commerce/test-checkout.ts';
import {
  formatDeliveryDay,
  type GiftDurationView,
  type GiftPurchasePageView,
  type GiftReceiptPageView,
  type GiftTestCheckoutPageView,
  toGiftPurchaseFields,
} from './purchase-view.ts';

const purchaseTitle = 'Give a subscription';
const receiptTitle = 'Your gift subscription';
const testCheckoutTitle = 'Test mode checkout';
/** Said on the purchase page to a buyer who left the provider's checkout (its cancel address is marked `left=1`). */
const leftCheckoutNote = 'You left checkout; nothing was charged. Your gift was not bought.';
const notOnSaleMessage = 'Gift subscriptions are not on sale at the moment.';

/**
 * The cookie that binds a gift's checkout to the browser that bought it: the receipt (which shows the
 * redemption link) and test mode's payment page open only where it is, with the same id as the
 * address. Signed, and sent only to the gift subscription pages. A week: after that the buyer has the mailed receipt.
 */
const checkoutCookieName = 'dateline_gift_checkout';
const checkoutCookieMaxAgeSeconds = 7 * 24 * 60 * 60;

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const purchaseBody = Type.Object({
  ...csrfField,
  months: text(10),
  buyerName: text(500),
  buyerEmail: text(500),
  recipientName: text(500),
  recipientEmail: text(500),
  message: text(maximumMessageLength * 4),
  deliveryDay: text(40),
});
const checkoutIdField = Type.String({ minLength: 10, maxLength: 100 });
const receiptQuery = Type.Object({ checkout: checkoutIdField, since: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799 })) });

function rememberCheckout(reply: FastifyReply, deps: ReaderSiteDeps, checkoutId: string): void {
  reply.setCookie(checkoutCookieName, checkoutId, {
    path: giftSubscriptionPaths.buy,
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.isSecure,
    signed: true,
    maxAge: checkoutCookieMaxAgeSeconds,
  });
}

/** Whether this browser started the checkout: its signed cookie names the same id. */
function isBuyersBrowser(request: FastifyRequest, checkoutId: string): boolean {
  const raw = request.cookies[checkoutCookieName];
  if (raw === undefined) return false;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value === checkoutId;
}

const noSuchCheckout = () => new NotFoundError('There is no gift checkout of yours at this address. The receipt was emailed to you.');

async function purchasePage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  {
    form,
    problems = {},
    note = null,
    refusal = null,
    status = 200,
  }: { form: GiftPurchaseForm | null; problems?: GiftPurchaseProblems; note?: string | null; refusal?: string | null; status?: number },
) {
  const [{ settings }, onSale, account] = await Promise.all([deps.chrome(), findGiftsOnSale(deps.db), findReaderAccount(request, deps)]);
  const now = deps.now();
  const range = deliveryDayRange(now, settings.timeZone);
  const shown: GiftPurchaseForm = form ?? {
    months: String(onSale?.durations[0]?.months ?? ''),
    buyerName: account?.name ?? '',
    buyerEmail: account?.email ?? '',
    recipientName: '',
    recipientEmail: '',
    message: '',
    deliveryDay: publicationDayOf(now, settings.timeZone),
  };
  const fields = toGiftPurchaseFields(shown, problems);
  const durations: GiftDurationView[] = (onSale?.durations ?? []).map(({ months, priceMinor }) => ({
    id: `gift-months-${months}`,
    months,
    label: `${months} months`,
    price: formatMoney({ amountMinor: priceMinor, currency: onSale?.plan.currency ?? '' }, settings.locale),
    isChosen: shown.months === String(months),
  }));
  const page: GiftPurchasePageView = {
    csrfToken: reply.generateCsrf(),
    error: onSale === null ? notOnSaleMessage : refusal,
    message: note,
    isOnSale: onSale !== null,
    planName: onSale?.plan.name ?? '',
    actionUrl: giftSubscriptionPaths.buy,
    offersUrl: accountPaths.offers,
    durations,
    ...fields,
    deliveryDay: { ...fields.deliveryDay, min: range.first, max: range.last },
    maximumMessageLength,
  };
  const isInError = fields.errorSummary.length > 0;
  return sendAccountPage(request, reply, deps, {
    template: 'gift-subscription-buy',
    title: isInError ? `Error: ${purchaseTitle}` : purchaseTitle,
    page,
    status,
  });
}

/** The receipt as the page shows it, in the publication's words. */
async function receiptPageOf(
  deps: ReaderSiteDeps,
  { gift, state, checkoutId, since }: { gift: StoredGiftSubscription; state: GiftReceiptPageView['state']; checkoutId: string; since: Date },
): Promise<GiftReceiptPageView> {
  const [{ settings }, plan] = await Promise.all([deps.chrome(), findPlanById(deps.db, gift.planId)]);
  const waitedSeconds = (deps.now().getTime() - since.getTime()) / 1000;
  const context = giftCheckoutContextOf(deps);
  return {
    state,
    productName: giftProductName(gift.months, plan?.name ?? settings.name),
    price: formatMoney({ amountMinor: gift.priceMinor, currency: gift.currency }, settings.locale),
    buyerName: gift.buyerName,
    buyerEmail: gift.buyerEmail,
    recipientName: gift.recipientName,
    recipientEmail: gift.recipientEmail,
    message: gift.message,
    deliveryDayLabel: formatDeliveryDay(gift, settings.locale),
    isDeliveredToday: gift.deliveryDay <= publicationDayOf(deps.now(), settings.timeZone),
    // Only a paid gift's link is shown: an unpaid one would be refused.
    redemptionUrl: state === 'paid' ? redemptionLinkOf(context, gift) : '',
    checkAgainUrl: giftReceiptPath(checkoutId, since),
    askAgainAfterSeconds: state !== 'confirming' || waitedSeconds >= stopAskingAfterSeconds ? 0 : askAgainSeconds.usual,
    buyAgainUrl: giftSubscriptionPaths.buy,
  };
}

/**
 * Buying a gift subscription: the form (who it is for, from whom, the message, the delivery day and
 * the duration at its price), its one payment with the provider, and the receipt the checkout
 * returns to, which shows the redemption link to print or pass on. Anyone may buy, signed in or
 * not; a signed-in reader is recorded as the buyer's account.
 */
export function registerGiftSubscriptionPurchaseRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(
    giftSubscriptionPaths.buy,
    { schema: { querystring: Type.Object({ left: Type.Optional(Type.String({ maxLength: 10 })) }) } },
    async (request, reply) => purchasePage(request, reply, deps, { form: null, note: request.query.left === '1' ? leftCheckoutNote : null }),
  );

  app.post(giftSubscriptionPaths.buy, { schema: { body: purchaseBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const { months = '', buyerName = '', buyerEmail = '', recipientName = '', recipientEmail = '', message = '', deliveryDay = '' } = request.body;
    const form: GiftPurchaseForm = { months, buyerName, buyerEmail, recipientName, recipientEmail, message, deliveryDay };
    const limited = await checkRateLimits(reply, deps, [{ rule: giftCheckoutsPerIp, subject: request.ip }]);
    if (limited) return purchasePage(request, reply, deps, { form, refusal: limited, status: 429 });
    const [account, { settings }] = await Promise.all([findReaderAccount(request, deps), deps.chrome()]);
    const bought = await buyGiftSubscription(giftCheckoutContextOf(deps), {
      form,
      buyerAccountId: account?.id ?? null,
      timeZone: settings.timeZone,
      successUrl: (checkoutId) => absoluteUrl(deps.publicUrl, giftReceiptPath(checkoutId)),
      cancelUrl: absoluteUrl(deps.publicUrl, `${giftSubscriptionPaths.buy}?left=1`),
      now: deps.now(),
    });
    switch (bought.kind) {
      case 'not-on-sale':
        return purchasePage(request, reply, deps, { form, status: 409 });
      case 'invalid':
        return purchasePage(request, reply, deps, { form, problems: bought.problems, status: 400 });
      case 'checkout':
        rememberCheckout(reply, deps, bought.checkoutId);
        return reply.redirect(bought.redirectUrl, 303);
    }
  });

  // Where a paid checkout returns (test mode's page, and Stripe Checkout's success URL): the receipt once the gift is paid,
  // asking the provider rather than waiting for its event; meanwhile a page that waits and asks again.
  app.get(giftSubscriptionPaths.receipt, { schema: { querystring: receiptQuery } }, async (request, reply) => {
    const { checkout: checkoutId, since } = request.query;
    if (!isBuyersBrowser(request, checkoutId)) throw noSuchCheckout();
    const now = deps.now();
    const settled = await settleGiftCheckoutReturn(giftCheckoutContextOf(deps), { checkoutId, now });
    if (settled.kind === 'not-found') throw noSuchCheckout();
    if (settled.kind === 'confirming' && settled.problem !== null)
      request.log.warn({ problem: settled.problem }, 'Gift checkout return not confirmed by the payment provider');
    // The waiting page's own address carries `since`; once paid it moves on to the receipt's plain address, which site.js follows.
    if (settled.kind === 'paid' && since !== undefined) return reply.redirect(giftReceiptPath(checkoutId), 303);
    const waitingSince = since !== undefined && since * 1000 <= now.getTime() ? new Date(since * 1000) : now;
    const page = await receiptPageOf(deps, { gift: settled.gift, state: settled.kind, checkoutId, since: waitingSince });
    const title = settled.kind === 'paid' ? receiptTitle : settled.kind === 'confirming' ? 'Confirming your payment' : 'Your payment did not go through';
    return sendAccountPage(request, reply, deps, { template: 'gift-subscription-receipt', title, page });
  });
}

async function testCheckoutPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  gift: StoredGiftSubscription,
  { form = blankCardForm, problems = {}, status = 200 }: { form?: CardForm; problems?: CardProblems; status?: number } = {},
) {
  const [{ settings }, plan] = await Promise.all([deps.chrome(), findPlanById(deps.db, gift.planId)]);
  const { errorSummary, ...fields } = toCardFieldViews(form, problems);
  const page: GiftTestCheckoutPageView = {
    csrfToken: reply.generateCsrf(),
    error: null,
    message: null,
    payUrl: `${testGiftCheckoutPath}/${gift.checkoutSessionId ?? ''}`,
    cancelUrl: `${giftSubscriptionPaths.buy}?left=1`,
    productName: giftProductName(gift.months, plan?.name ?? settings.name),
    recipientName: gift.recipientName,
    deliveryDayLabel: formatDeliveryDay(gift, settings.locale),
    price: formatMoney({ amountMinor: gift.priceMinor, currency: gift.currency }, settings.locale),
    ...fields,
    errorSummary,
  };
  const title = errorSummary.length > 0 ? `Error: ${testCheckoutTitle}` : testCheckoutTitle;
  return sendAccountPage(request, reply, deps, { template: 'gift-subscription-test-checkout', title, page, status });
}

/** Test mode's payment page for a gift, standing in for Stripe Checkout in payment mode; only mounted in test mode. */
export function registerGiftSubscriptionTestCheckoutRoutes(app: App, deps: ReaderSiteDeps): void {
  const idParam = Type.Object({ id: checkoutIdField });

  async function unpaidGiftFor(request: FastifyRequest, checkoutId: string): Promise<StoredGiftSubscription> {
    const gift = isBuyersBrowser(request, checkoutId) ? await findGiftSubscriptionByCheckout(deps.db, checkoutId) : undefined;
    if (gift?.provider !== 'test' || gift.paidAt !== null)
      throw new NotFoundError('There is no open gift checkout at this address. Start again from the gift page.');
    return gift;
  }

  app.get(`${testGiftCheckoutPath}/:id`, { schema: { params: idParam } }, async (request, reply) =>
    testCheckoutPage(request, reply, deps, await unpaidGiftFor(request, request.params.id)),
  );

  app.post(`${testGiftCheckoutPath}/:id`, { schema: { params: idParam, body: cardFormBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const gift = await unpaidGiftFor(request, request.params.id);
    const { card = '', expiry = '', cvc = '', postalCode = '' } = request.body;
    const form: CardForm = { card, expiry, cvc, postalCode };
    const { settings } = await deps.chrome();
    const checked = checkCardForm(form, { now: deps.now(), timeZone: settings.timeZone });
    if (checked.kind === 'invalid') return testCheckoutPage(request, reply, deps, gift, { form, problems: checked.problems, status: 400 });
    const paid = await payTestGiftCheckout(giftCheckoutContextOf(deps), { gift, cardNumber: checked.details.number, now: deps.now() });
    switch (paid) {
      case 'paid':
        return reply.redirect(giftReceiptPath(request.params.id), 303);
      case 'declined':
        // A declined card is typed again, as Stripe asks; everything else the buyer typed stays.
        return testCheckoutPage(request, reply, deps, gift, {
          form: { ...form, card: '' },
          problems: { card: 'Your card was declined. Try another card.' },
          status: 402,
        });
      case 'not-a-test-card':
        return testCheckoutPage(request, reply, deps, gift, { form, problems: { card: 'In test mode, use the test card 4242 4242 4242 4242.' }, status: 402 });
    }
  });
}
