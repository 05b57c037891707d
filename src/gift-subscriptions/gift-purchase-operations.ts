import type { Transaction } from 'kysely';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import { formatMoney } from '../commerce/money.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import type { GiftPurchase } from './gift-purchase.ts';
import { recordGiftBought } from './gift-subscription-insights.ts';
import { composeGiftSubscriptionMail } from './gift-subscription-mail.ts';
import { findGiftSubscription, insertGiftSubscription, markGiftPaid, type StoredGiftSubscription } from './gift-subscription-repository.ts';
import { newRedemptionNonce, type RedemptionCodeKey, signRedemptionCode } from './redemption-code.ts';

/**
 * Records a purchase before its payment, at the plan and price it was read with: the checkout names
 * the gift, and the payment's confirmation marks it paid. Returns the gift's id.
 */
export async function startGiftPurchase(
  db: Database,
  {
    purchase,
    plan,
    buyerAccountId,
    provider,
    now,
  }: { purchase: GiftPurchase; plan: { id: number; currency: string }; buyerAccountId: number | null; provider: PaymentProviderKind; now: Date },
): Promise<number> {
  return insertGiftSubscription(db, { ...purchase, planId: plan.id, currency: plan.currency, buyerAccountId, codeNonce: newRedemptionNonce(), provider }, now);
}

export type GiftPaymentContext = {
  db: Database;
  mailer: Mailer;
  key: RedemptionCodeKey;
  redemptionLink: (code: string) => string;
  insights: InsightLedger;
};

/** The redemption link of a gift, as the receipt and the delivery carry it. */
export function redemptionLinkOf(ctx: Pick<GiftPaymentContext, 'key' | 'redemptionLink'>, gift: StoredGiftSubscription): string {
  return ctx.redemptionLink(signRedemptionCode({ giftId: gift.id, nonce: gift.codeNonce }, ctx.key));
}

/**
 * Marks a gift paid inside the caller's transaction (the Stripe webhook records its event in the same
 * one) and writes its sale in the payments ledger, where revenue is summed: once, however many
 * confirmations come. The gift when this confirmation was the first; null when it was not, or when
 * there is no such gift.
 */
export async function markGiftPaidIn(
  trx: Transaction<Tables>,
  { giftId, providerPaymentId, now }: { giftId: number; providerPaymentId: string | null; now: Date },
): Promise<StoredGiftSubscription | null> {
  const gift = await findGiftSubscription(trx, giftId);
  if (!gift || !(await markGiftPaid(trx, giftId, now))) return null;
  await recordPayment(trx, {
    accountId: gift.buyerAccountId,
    subscriptionId: null,
    provider: gift.provider,
    providerPaymentId,
    kind: 'charge',
    status: 'succeeded',
    amountMinor: gift.priceMinor,
    currency: gift.currency,
    refundOf: null,
    occurredAt: now,
  });
  return { ...gift, paidAt: now };
}

/**
 * What follows a gift's first confirmation, once it is committed: the sale in the insights ledger
 * (keyed by the gift, so a second instance records it once) and the buyer's receipt with the
 * redemption link. A receipt whose mail fails is not sent again; the receipt page shows the same link.
 */
export async function announceGiftPayment(ctx: GiftPaymentContext, { gift, now }: { gift: StoredGiftSubscription; now: Date }): Promise<void> {
  recordGiftBought(ctx.insights, { gift, at: now });
  const publication = await readPublicationSettings(ctx.db);
  const mail = {
    kind: 'gift-subscription-receipt' as const,
    gift,
    price: formatMoney({ amountMinor: gift.priceMinor, currency: gift.currency }, publication.locale),
    redemptionUrl: redemptionLinkOf(ctx, gift),
  };
  const message = composeGiftSubscriptionMail(mail, { publication: publication.name, locale: publication.locale, timeZone: publication.timeZone });
  await ctx.mailer.send({ to: gift.buyerEmail, kind: mail.kind, ...message });
}

/**
 * Confirms a gift's payment, from the checkout's return or the provider's event, whichever comes
 * first: the first confirmation marks it paid, records the sale and mails the buyer their receipt;
 * any later one changes nothing and mails nothing. 'not-found' for a gift that does not exist.
 */
export async function confirmGiftPayment(
  ctx: GiftPaymentContext,
  { giftId, providerPaymentId = null, now }: { giftId: number; providerPaymentId?: string | null; now: Date },
): Promise<'confirmed' | 'already-confirmed' | 'not-found'> {
  if (!(await findGiftSubscription(ctx.db, giftId))) return 'not-found';
  const paid = await ctx.db.transaction().execute((trx) => markGiftPaidIn(trx, { giftId, providerPaymentId, now }));
  if (paid === null) return 'already-confirmed';
  await announceGiftPayment(ctx, { gift: paid, now });
  return 'confirmed';
}
