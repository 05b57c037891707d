import type { SeatBilling } from '../../organisations/seat-purchase-rules.ts';
import type { StripeSubscriptionSnapshot } from './stripe-snapshot.ts';

/**
 * The billing a Stripe snapshot of a company's subscription means, given the billing before it:
 * renewing or running out (`cancel_at_period_end`), past due since the first unpaid event, or
 * ended, paid through the period's end, which is where the contract ends (a subscription canceled
 * at once at Stripe keeps its members reading to the end of what was paid). Null for states that
 * give no access and need no record (incomplete, paused).
 */
export function seatBillingFromStripe(
  snapshot: Pick<StripeSubscriptionSnapshot, 'status' | 'cancelAtPeriodEnd' | 'currentPeriodEnd'>,
  previous: SeatBilling | null,
  at: Date,
): SeatBilling | null {
  const { currentPeriodEnd } = snapshot;
  switch (snapshot.status) {
    case 'trialing':
    case 'active':
      return { status: snapshot.cancelAtPeriodEnd ? 'canceling' : 'active', currentPeriodEnd, pastDueSince: null };
    case 'past_due':
    case 'unpaid':
      return { status: 'past_due', currentPeriodEnd, pastDueSince: previous?.pastDueSince ?? at };
    case 'canceled':
    case 'incomplete_expired':
      return { status: 'ended', currentPeriodEnd, pastDueSince: null };
    default:
      return null;
  }
}
