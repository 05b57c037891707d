import type { RateLimit } from '../accounts/rate-limit.ts';
import { newToken } from '../accounts/tokens.ts';
import { findPlanById } from '../commerce/catalogue-repository.ts';
import type { GiftCheckoutConfirmation, PaymentProvider } from '../commerce/payment-provider.ts';
import type { Plan } from '../commerce/plan.ts';
import { readTestCard } from '../commerce/test-mode/test-card.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import { type GiftPurchaseForm, type GiftPurchaseProblems, parseGiftPurchase } from './gift-purchase.ts';
import { confirmGiftPayment, type GiftPaymentContext, startGiftPurchase } from './gift-purchase-operations.ts';
import { findGiftSubscription, findGiftSubscriptionByCheckout, setGiftCheckout, type StoredGiftSubscription } from './gift-subscription-repository.ts';
import { durationsOnSale, type GiftSubscriptionSettings, readGiftSubscriptionSettings } from './gift-subscription-settings.ts';

export type GiftCheckoutContext = GiftPaymentContext & { provider: PaymentProvider };

/**
 * How many gift checkouts one client address may begin in an hour: each opens a session with the
 * provider and a row, paid or not, so a script must not open them by the thousand; a family buying
 * presents stays far below it.
 */
export const giftCheckoutsPerIp: RateLimit = { name: 'gift-checkout:ip', limit: 20, windowMs: 60 * 60_000 };

/** What a gift of some months is called at the provider's checkout and in the buyer's statement. */
export function giftProductName(months: number, planName: string): string {
  return `${months} months of ${planName}`;
}

/** What is on sale: the plan a gift gives and the durations with their prices; null while gifts are not on sale. */
export async function findGiftsOnSale(
  db: GiftPaymentContext['db'],
): Promise<{ settings: GiftSubscriptionSettings; plan: Plan; durations: ReturnType<typeof durationsOnSale> } | null> {
  const settings = await readGiftSubscriptionSettings(db);
  const durations = durationsOnSale(settings);
  const plan = settings.planId === null ? undefined : await findPlanById(db, settings.planId);
  return plan === undefined || durations.length === 0 ? null : { settings, plan, durations };
}

/**
 * Buys a gift as the purchase form describes it: read against what is on sale now, recorded unpaid,
 * and put to the provider as one payment; the buyer goes to `redirectUrl` to pay. The checkout's id
 * is a fresh secret: the receipt's address carries it (`successUrl`), and the buyer's browser keeps
 * it. Every problem with the form comes back at once; 'not-on-sale' when gifts were taken off sale.
 */
export async function buyGiftSubscription(
  ctx: GiftCheckoutContext,
  {
    form,
    buyerAccountId,
    timeZone,
    successUrl,
    cancelUrl,
    now,
  }: { form: GiftPurchaseForm; buyerAccountId: number | null; timeZone: string; successUrl: (checkoutId: string) => string; cancelUrl: string; now: Date },
): Promise<{ kind: 'checkout'; checkoutId: string; redirectUrl: string } | { kind: 'invalid'; problems: GiftPurchaseProblems } | { kind: 'not-on-sale' }> {
  const onSale = await findGiftsOnSale(ctx.db);
  if (onSale === null) return { kind: 'not-on-sale' };
  const parsed = parseGiftPurchase(form, { settings: onSale.settings, now, timeZone });
  if (parsed.kind === 'invalid') return parsed;
  const { purchase } = parsed;
  const giftId = await startGiftPurchase(ctx.db, { purchase, plan: onSale.plan, buyerAccountId, provider: ctx.provider.kind, now });
  const checkoutId = newToken();
  const { redirectUrl, providerSessionId } = await ctx.provider.startGiftCheckout({
    checkoutId,
    giftId,
    productName: giftProductName(purchase.months, onSale.plan.name),
    amountMinor: purchase.priceMinor,
    currency: onSale.plan.currency,
    buyerEmail: purchase.buyerEmail,
    successUrl: successUrl(checkoutId),
    cancelUrl,
  });
  await setGiftCheckout(ctx.db, giftId, { checkoutId, providerSessionId });
  return { kind: 'checkout', checkoutId, redirectUrl };
}

/**
 * Where a buyer's return from checkout stands: the gift is paid; it is still being confirmed (the
 * provider has not settled it, or could not be asked: `problem` says which for the log); or it was
 * never paid. An unknown checkout is not found.
 */
export type GiftCheckoutReturn =
  | { kind: 'not-found' }
  | { kind: 'paid'; gift: StoredGiftSubscription }
  | { kind: 'confirming'; gift: StoredGiftSubscription; problem: string | null }
  | { kind: 'unpaid'; gift: StoredGiftSubscription };

/**
 * Settles the return from a gift's checkout without waiting for the provider's event: an unpaid gift
 * is put to the provider, and one it says is paid is confirmed at once, as its event would confirm it
 * (whichever comes second changes nothing).
 */
export async function settleGiftCheckoutReturn(ctx: GiftCheckoutContext, { checkoutId, now }: { checkoutId: string; now: Date }): Promise<GiftCheckoutReturn> {
  const gift = await findGiftSubscriptionByCheckout(ctx.db, checkoutId);
  if (!gift) return { kind: 'not-found' };
  if (gift.paidAt !== null) return { kind: 'paid', gift };
  // A checkout opened with another provider than today's is left to that provider's events.
  const confirmation: GiftCheckoutConfirmation =
    gift.provider === ctx.provider.kind ? await ctx.provider.confirmGiftCheckout({ providerSessionId: gift.providerSessionId }) : { kind: 'not-yet' };
  switch (confirmation.kind) {
    case 'not-yet':
      return { kind: 'confirming', gift, problem: null };
    case 'unreachable':
      return { kind: 'confirming', gift, problem: confirmation.problem };
    case 'unpaid':
      return { kind: 'unpaid', gift };
    case 'paid': {
      await confirmGiftPayment(ctx, { giftId: gift.id, providerPaymentId: confirmation.providerPaymentId, now });
      const paid = await findGiftSubscription(ctx.db, gift.id);
      return paid ? { kind: 'paid', gift: paid } : { kind: 'not-found' };
    }
  }
}

/**
 * Pays a gift's test-mode checkout with a test card: 4242 4242 4242 4242 pays (and confirms the
 * gift, as Stripe's event would); a declining card is declined, its try written in the payments
 * ledger as a failed charge, and the buyer may try again; anything else is not a test card. Nothing
 * is kept on file: a gift is one payment.
 */
export async function payTestGiftCheckout(
  ctx: GiftPaymentContext,
  { gift, cardNumber, now }: { gift: StoredGiftSubscription; cardNumber: string; now: Date },
): Promise<'paid' | 'declined' | 'not-a-test-card'> {
  const card = readTestCard(cardNumber);
  if (card.kind === 'not-a-test-card') return card.kind;
  if (card.kind !== 'succeeds') {
    await recordPayment(ctx.db, {
      accountId: gift.buyerAccountId,
      subscriptionId: null,
      provider: 'test',
      providerPaymentId: null,
      kind: 'charge',
      status: 'failed',
      amountMinor: gift.priceMinor,
      currency: gift.currency,
      refundOf: null,
      occurredAt: now,
    });
    return 'declined';
  }
  await confirmGiftPayment(ctx, { giftId: gift.id, now });
  return 'paid';
}
