import type { SubscriptionState } from '../commerce/subscription.ts';

/** What a subscription's move from one state to the next means to the newsroom's figures. */
export type SubscriptionMoveKind = 'trial-converted' | 'renewed' | 'payment-failed' | 'payment-recovered' | 'canceled' | 'lapsed';

/**
 * The ledger's name for a move, or null for one the figures do not count (a reminder sent, a
 * cancellation undone, a failed retry while already past due). Judged on the states alone, so the
 * test mode's job loop, Stripe's events and the desk's acts are counted alike.
 */
export function subscriptionMoveKindOf(before: SubscriptionState, after: SubscriptionState): SubscriptionMoveKind | null {
  if (before.status === after.status) {
    // A period paid for again; a canceled subscription that still took its renewal counts the same.
    const isPaidAgain = (after.status === 'active' || after.status === 'canceled') && after.currentPeriodEnd > before.currentPeriodEnd;
    return isPaidAgain ? 'renewed' : null;
  }
  switch (after.status) {
    case 'expired':
      return 'lapsed';
    case 'canceled':
      return 'canceled';
    case 'past_due':
      return 'payment-failed';
    case 'active':
      return before.status === 'trialing' ? 'trial-converted' : before.status === 'past_due' ? 'payment-recovered' : null;
    case 'trialing':
      return null;
  }
}
