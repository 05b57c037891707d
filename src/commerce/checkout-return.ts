import { CheckoutRefusedError, completeCheckout } from './checkout.ts';
import { notifySubscriber, type CommerceContext } from './commerce-context.ts';
import type { CheckoutConfirmation } from './payment-provider.ts';
import { findSubscriptionById } from './subscription-repository.ts';
import { recordSubscriptionStart } from './subscription-insights.ts';

/**
 * Where a reader's return from the provider's checkout stands: their subscription has started; it
 * is still being confirmed (the provider has not settled it, or could not be asked, or took the
 * payment for a checkout Dateline could no longer honour, which `problem` names for the log); or
 * the provider says it was never paid. Someone else's checkout, or none, is not found.
 */
export type CheckoutReturn =
  | { kind: 'not-found' }
  | { kind: 'subscribed'; returnPath: string | null }
  | { kind: 'confirming'; returnPath: string | null; problem: string | null }
  | { kind: 'unpaid'; returnPath: string | null; offerSlug: string };

/**
 * Settles the return from checkout without waiting for the provider's event: an open checkout is
 * put to the provider, and one it says is paid is completed at once, the same way its event would
 * complete it. The event, arriving later, then finds the subscription by the provider's id and
 * moves it (handle-stripe-event.ts); arriving first, it has completed the checkout already, and
 * the return finds it so. Either way one subscription starts and one welcome is mailed.
 */
export async function settleCheckoutReturn(
  ctx: CommerceContext,
  { checkoutId, accountId, now }: { checkoutId: string; accountId: number; now: Date },
): Promise<CheckoutReturn> {
  const checkout = await ctx.db
    .selectFrom('checkout_sessions')
    .innerJoin('offers', 'offers.id', 'checkout_sessions.offer_id')
    .select(['checkout_sessions.status', 'checkout_sessions.provider', 'checkout_sessions.provider_session_id', 'checkout_sessions.return_path', 'offers.slug'])
    .where('checkout_sessions.id', '=', checkoutId)
    .where('checkout_sessions.account_id', '=', accountId)
    .executeTakeFirst();
  if (!checkout) return { kind: 'not-found' };
  const { return_path: returnPath } = checkout;
  if (checkout.status === 'completed') return { kind: 'subscribed', returnPath };
  if (checkout.status === 'failed') return { kind: 'unpaid', returnPath, offerSlug: checkout.slug };
  // A checkout opened with another provider than today's (the site has since changed) is left to that provider's events.
  const confirmation: CheckoutConfirmation =
    checkout.provider === ctx.provider.kind ? await ctx.provider.confirmCheckout({ providerSessionId: checkout.provider_session_id }) : { kind: 'not-yet' };
  switch (confirmation.kind) {
    case 'not-yet':
      return { kind: 'confirming', returnPath, problem: null };
    case 'unreachable':
      return { kind: 'confirming', returnPath, problem: confirmation.problem };
    case 'unpaid':
      return { kind: 'unpaid', returnPath, offerSlug: checkout.slug };
    case 'paid':
      return completeFromReturn(ctx, { checkoutId, returnPath, confirmation, now });
  }
}

async function completeFromReturn(
  ctx: CommerceContext,
  {
    checkoutId,
    returnPath,
    confirmation,
    now,
  }: { checkoutId: string; returnPath: string | null; confirmation: Extract<CheckoutConfirmation, { kind: 'paid' }>; now: Date },
): Promise<CheckoutReturn> {
  let subscriptionId: number;
  try {
    // No provider event time: the provider's first event, whenever it comes, is newer and applies.
    subscriptionId = await completeCheckout(ctx.db, {
      checkoutId,
      providerSubscriptionId: confirmation.providerSubscriptionId,
      providerCustomerId: confirmation.providerCustomerId,
      now,
    });
  } catch (error) {
    if (!(error instanceof CheckoutRefusedError)) throw error;
    // The provider's event completed it a moment ago; or the reader already holds a live subscription, which opens the story as well.
    if (error.problem === 'checkout-closed' || error.problem === 'already-subscribed') return { kind: 'subscribed', returnPath };
    return { kind: 'confirming', returnPath, problem: `paid at the provider, but refused here: ${error.problem}` };
  }
  await recordSubscriptionStart(ctx.insights, ctx.db, { subscriptionId, at: now });
  const subscription = await findSubscriptionById(ctx.db, subscriptionId);
  if (subscription) {
    await notifySubscriber(ctx, {
      accountId: subscription.accountId,
      planId: subscription.planId,
      mail: { kind: 'welcome', trialEnd: subscription.state.trialEnd },
    });
  }
  return { kind: 'subscribed', returnPath };
}
