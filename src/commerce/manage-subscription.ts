import type { CommerceContext } from './commerce-context.ts';
import { recordSubscriptionMove } from './subscription-insights.ts';
import { findLatestSubscription, updateSubscription, type Subscription } from './subscription-repository.ts';
import { applySubscriptionEvent, SubscriptionTransitionError } from './subscription.ts';

/** Cancels at the end of the paid period (or the trial): the reader keeps access until then. `reason`: the key of the reason they chose, for the figures. */
export async function cancelSubscription(
  ctx: CommerceContext,
  { accountId, now, reason = null }: { accountId: number; now: Date; reason?: string | null },
): Promise<Subscription> {
  return changeSubscription(ctx, { accountId, now, event: 'cancel-requested', reason });
}

/** Undoes a cancellation before the period ends. */
export async function resumeSubscription(ctx: CommerceContext, { accountId, now }: { accountId: number; now: Date }): Promise<Subscription> {
  return changeSubscription(ctx, { accountId, now, event: 'resume-requested', reason: null });
}

async function changeSubscription(
  ctx: CommerceContext,
  { accountId, now, event, reason }: { accountId: number; now: Date; event: 'cancel-requested' | 'resume-requested'; reason: string | null },
): Promise<Subscription> {
  const subscription = await findLatestSubscription(ctx.db, accountId);
  if (!subscription) throw new SubscriptionTransitionError('You have no subscription');
  const state = applySubscriptionEvent(subscription.state, { type: event });
  if (event === 'cancel-requested') await ctx.provider.cancelAtPeriodEnd(subscription);
  else await ctx.provider.resume(subscription);
  if (!(await updateSubscription(ctx.db, subscription, { state }, now))) {
    throw new SubscriptionTransitionError('Your subscription changed meanwhile; please try again');
  }
  recordSubscriptionMove(ctx.insights, { subscription, after: state, at: now, reason });
  return { ...subscription, state, version: subscription.version + 1 };
}
