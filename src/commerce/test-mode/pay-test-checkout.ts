import { completeCheckoutIn, type OpenCheckout } from '../checkout.ts';
import { firstChargeMinor } from '../offer-rules.ts';
import { notifySubscriber, type CommerceContext } from '../commerce-context.ts';
import { recordPayment } from '../payment-ledger.ts';
import { findSubscriptionById } from '../subscription-repository.ts';
import { recordSubscriptionStart } from '../subscription-insights.ts';
import { readTestCard } from './test-card.ts';
import { storeTestCard, type CardExpiry } from './test-card-on-file.ts';

export type TestPaymentResult = { kind: 'paid'; subscriptionId: number } | { kind: 'declined' } | { kind: 'not-a-test-card' };

/**
 * Pays an open checkout with a test card: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is
 * declined (and the reader may try again), 4000 0000 0000 0341 is taken on file but declines its
 * charges, anything else is not a test card. The first charge,
 * taken or declined, goes in the ledger; the card stays on file, with its expiry, for renewals.
 */
export async function payTestCheckout(
  ctx: CommerceContext,
  { checkout, cardNumber, expiry, now }: { checkout: OpenCheckout; cardNumber: string; expiry: CardExpiry; now: Date },
): Promise<TestPaymentResult> {
  const card = readTestCard(cardNumber);
  if (card.kind === 'not-a-test-card') return card;
  const firstCharge = firstChargeMinor(checkout.offer, checkout.plan);
  const charge = {
    accountId: checkout.accountId,
    provider: 'test',
    providerPaymentId: null,
    kind: 'charge',
    amountMinor: firstCharge,
    currency: checkout.plan.currency,
    refundOf: null,
    occurredAt: now,
  } as const;
  // A card that declines charges pays nothing today: a checkout with a first charge is declined; a free trial takes it, to fail at the first renewal.
  if (card.kind === 'declined' || (card.kind === 'declines-charges' && firstCharge > 0)) {
    if (firstCharge > 0) await recordPayment(ctx.db, { ...charge, subscriptionId: null, status: 'failed' });
    return { kind: 'declined' };
  }
  const subscriptionId = await ctx.db.transaction().execute(async (trx) => {
    const id = await completeCheckoutIn(trx, { checkoutId: checkout.id, now });
    if (firstCharge > 0) await recordPayment(trx, { ...charge, subscriptionId: id, status: 'succeeded' });
    await storeTestCard(trx, { accountId: checkout.accountId, card, expiry, now });
    return id;
  });
  await recordSubscriptionStart(ctx.insights, ctx.db, { subscriptionId, at: now });
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
