import { completeCheckout, type OpenCheckout } from '../checkout.ts';
import { firstChargeMinor } from '../offer-rules.ts';
import { notifySubscriber, type CommerceContext } from '../commerce-context.ts';
import { findSubscriptionById } from '../subscription-repository.ts';
import { readTestCard } from './test-card.ts';

export type TestPaymentResult = { kind: 'paid'; subscriptionId: number } | { kind: 'declined' } | { kind: 'not-a-test-card' };

/**
 * Pays an open checkout with a test card: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is
 * declined (and the reader may try again), anything else is not a test card.
 */
export async function payTestCheckout(
  ctx: CommerceContext,
  { checkout, cardNumber, now }: { checkout: OpenCheckout; cardNumber: string; now: Date },
): Promise<TestPaymentResult> {
  const card = readTestCard(cardNumber);
  if (card.kind === 'not-a-test-card') return card;
  const firstCharge = firstChargeMinor(checkout.offer, checkout.plan);
  if (card.kind === 'declined') return { kind: 'declined' };
  const subscriptionId = await completeCheckout(ctx.db, { checkoutId: checkout.id, now });
  await ctx.db
    .insertInto('test_payment_methods')
    .values({ account_id: checkout.accountId, card_last4: card.last4, is_declining: 0, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ card_last4: card.last4, is_declining: 0, updated_at: now.toISOString() }))
    .execute();
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
