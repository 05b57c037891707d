import { completeCheckoutIn, type OpenCheckout } from '../checkout.ts';
import { firstChargeMinor } from '../offer-rules.ts';
import { notifySubscriber, type CommerceContext } from '../commerce-context.ts';
import { keepPaymentCard } from '../payment-cards.ts';
import { recordPayment } from '../payment-ledger.ts';
import { findSubscriptionById } from '../subscription-repository.ts';
import { readTestCard } from './test-card.ts';

export type TestPaymentResult = { kind: 'paid'; subscriptionId: number } | { kind: 'declined' } | { kind: 'not-a-test-card' };

/** The month and four-digit year printed on a card, the last it pays in. */
export type CardExpiry = { month: number; year: number };

/**
 * Pays an open checkout with a test card: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is
 * declined (and the reader may try again), anything else is not a test card. The first charge,
 * taken or declined, goes in the ledger; the card stays on file, with its expiry, for renewals.
 */
export async function payTestCheckout(
  ctx: CommerceContext,
  { checkout, cardNumber, expiry, now }: { checkout: OpenCheckout; cardNumber: string; expiry: CardExpiry; now: Date },
): Promise<TestPaymentResult> {
  const card = readTestCard(cardNumber);
  if (card.kind === 'not-a-test-card') return card;
  const firstCharge = firstChargeMinor(checkout.offer, checkout.plan);
  const charge = { accountId: checkout.accountId, provider: 'test', providerPaymentId: null, kind: 'charge', amountMinor: firstCharge, currency: checkout.plan.currency, refundOf: null, occurredAt: now } as const;
  if (card.kind === 'declined') {
    if (firstCharge > 0) await recordPayment(ctx.db, { ...charge, subscriptionId: null, status: 'failed' });
    return { kind: 'declined' };
  }
  const subscriptionId = await ctx.db.transaction().execute(async (trx) => {
    const id = await completeCheckoutIn(trx, { checkoutId: checkout.id, now });
    if (firstCharge > 0) await recordPayment(trx, { ...charge, subscriptionId: id, status: 'succeeded' });
    await trx
      .insertInto('test_payment_methods')
      .values({ account_id: checkout.accountId, card_last4: card.last4, is_declining: 0, updated_at: now.toISOString() })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ card_last4: card.last4, is_declining: 0, updated_at: now.toISOString() }))
      .execute();
    await keepPaymentCard(trx, { accountId: checkout.accountId, provider: 'test', last4: card.last4, expiryMonth: expiry.month, expiryYear: expiry.year }, now);
    return id;
  });
  const subscription = await findSubscriptionById(ctx.db, subscriptionId);
  if (subscription) {
    await notifySubscriber(ctx, { accountId: checkout.accountId, planId: checkout.plan.id, mail: { kind: 'welcome', trialEnd: subscription.state.trialEnd } });
    if (firstCharge > 0) {
      await notifySubscriber(ctx, {
        accountId: checkout.accountId,
        planId: checkout.plan.id,
        mail: { kind: 'receipt', amountMinor: firstCharge, periodEnd: subscription.state.currentPeriodEnd },
      });
    }
  }
  return { kind: 'paid', subscriptionId };
}
