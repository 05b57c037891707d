import type { Subscription } from './subscription-repository.ts';
import { isEntitledBy } from './subscription.ts';

/** What a reader's subscription means for their reading: full access, a lapse to explain, or nothing. */
export type SubscriptionStanding = { kind: 'entitled' } | { kind: 'lapsed'; endedFrom: 'trial' | 'subscription' } | { kind: 'none' };

/**
 * Read from the state and the clock, not only the status: a subscription past its end reads as
 * lapsed at once, even before the job loop has recorded that it expired.
 */
export function standingOf(subscription: Subscription | undefined, { now, gracePeriodMs }: { now: Date; gracePeriodMs: number }): SubscriptionStanding {
  if (!subscription) return { kind: 'none' };
  const { state } = subscription;
  if (isEntitledBy(state, { now, gracePeriodMs })) return { kind: 'entitled' };
  if (state.endedFrom !== null) return { kind: 'lapsed', endedFrom: state.endedFrom };
  const wasTrial = state.status === 'trialing' || (state.status === 'canceled' && state.resumeTo === 'trialing');
  return { kind: 'lapsed', endedFrom: wasTrial ? 'trial' : 'subscription' };
}
