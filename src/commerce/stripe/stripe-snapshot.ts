import type { SubscriptionState } from '../subscription.ts';

/** Every status a subscription has in the API version Dateline is pinned to; any other is a malformed event. */
export const stripeSubscriptionStatuses = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;
export type StripeSubscriptionStatus = (typeof stripeSubscriptionStatuses)[number];

/** What Dateline reads of a Stripe subscription object: the fields that decide its state (parsed in stripe-event.ts). */
export type StripeSubscriptionSnapshot = {
  id: string;
  customerId: string | null;
  status: StripeSubscriptionStatus;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date;
  trialEnd: Date | null;
  endedAt: Date | null;
  checkoutId: string | null;
  /** The seat checkout a company's subscription came from (src/organisations/seat-checkout.ts); null for a reader's own. */
  seatCheckoutId: string | null;
  /** How many of its price the subscription bills: a company's seats. */
  quantity: number | null;
  /** The plan its price bills, when the price was made for a plan change; null for a checkout's own price. */
  planId: number | null;
};

/**
 * The state a Stripe snapshot means, given the state before it. Stripe's word is final for status
 * and dates; what only Dateline tracks (when payments began failing, what a trial ended as) carries
 * over. Null for states that give no access and need no record yet (incomplete, paused).
 */
export function stateFromStripe(
  snapshot: Omit<StripeSubscriptionSnapshot, 'planId' | 'seatCheckoutId' | 'quantity'>,
  previous: SubscriptionState | null,
  at: Date,
): SubscriptionState | null {
  const trialEnd = snapshot.trialEnd;
  const base = { trialEnd, pastDueSince: null, endedFrom: null, resumeTo: null } as const;
  switch (snapshot.status) {
    case 'trialing':
    case 'active': {
      const status = snapshot.status;
      const currentPeriodEnd = status === 'trialing' ? (trialEnd ?? snapshot.currentPeriodEnd) : snapshot.currentPeriodEnd;
      return snapshot.cancelAtPeriodEnd ? { ...base, status: 'canceled', currentPeriodEnd, resumeTo: status } : { ...base, status, currentPeriodEnd };
    }
    case 'past_due':
    case 'unpaid':
      return { ...base, status: 'past_due', currentPeriodEnd: snapshot.currentPeriodEnd, pastDueSince: previous?.pastDueSince ?? at };
    case 'canceled':
    case 'incomplete_expired': {
      const endedAt = snapshot.endedAt ?? at;
      const wasTrial = previous?.status === 'trialing' || previous?.resumeTo === 'trialing' || (trialEnd !== null && endedAt <= trialEnd);
      return {
        ...base,
        status: 'expired',
        currentPeriodEnd: snapshot.currentPeriodEnd,
        endedFrom: previous?.endedFrom ?? (wasTrial ? 'trial' : 'subscription'),
      };
    }
    default:
      return null;
  }
}
