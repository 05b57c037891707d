import type { SubscriptionState } from '../subscription.ts';

/** What Dateline reads of a Stripe subscription object: the fields that decide its state. */
export type StripeSubscriptionSnapshot = {
  id: string;
  customerId: string | null;
  status: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date;
  trialEnd: Date | null;
  endedAt: Date | null;
  checkoutId: string | null;
};

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

const seconds = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000) : null);

/** Reads a subscription object from an event; null when it lacks what a state needs. */
export function parseStripeSubscription(value: unknown): StripeSubscriptionSnapshot | null {
  const object = record(value);
  if (!object || object.object !== 'subscription' || typeof object.id !== 'string' || typeof object.status !== 'string') return null;
  const firstItem = record((record(object.items)?.data as unknown[] | undefined)?.[0]);
  const currentPeriodEnd = seconds(firstItem?.current_period_end) ?? seconds(object.current_period_end);
  if (!currentPeriodEnd) return null;
  const customer = object.customer;
  const metadata = record(object.metadata);
  return {
    id: object.id,
    customerId: typeof customer === 'string' ? customer : typeof record(customer)?.id === 'string' ? String(record(customer)?.id) : null,
    status: object.status,
    cancelAtPeriodEnd: object.cancel_at_period_end === true,
    currentPeriodEnd,
    trialEnd: seconds(object.trial_end),
    endedAt: seconds(object.ended_at),
    checkoutId: typeof metadata?.checkoutId === 'string' ? metadata.checkoutId : null,
  };
}

/**
 * The state a Stripe snapshot means, given the state before it. Stripe's word is final for status
 * and dates; what only Dateline tracks (when payments began failing, what a trial ended as) carries
 * over. Null for states that give no access and need no record yet (incomplete, paused).
 */
export function stateFromStripe(snapshot: StripeSubscriptionSnapshot, previous: SubscriptionState | null, at: Date): SubscriptionState | null {
  const trialEnd = snapshot.trialEnd;
  const base = { trialEnd, pastDueSince: null, endedFrom: null, resumeTo: null } as const;
  switch (snapshot.status) {
    case 'trialing':
    case 'active': {
      const status = snapshot.status;
      const currentPeriodEnd = status === 'trialing' ? (trialEnd ?? snapshot.currentPeriodEnd) : snapshot.currentPeriodEnd;
      return snapshot.cancelAtPeriodEnd
        ? { ...base, status: 'canceled', currentPeriodEnd, resumeTo: status }
        : { ...base, status, currentPeriodEnd };
    }
    case 'past_due':
    case 'unpaid':
      return { ...base, status: 'past_due', currentPeriodEnd: snapshot.currentPeriodEnd, pastDueSince: previous?.pastDueSince ?? at };
    case 'canceled':
    case 'incomplete_expired': {
      const endedAt = snapshot.endedAt ?? at;
      const wasTrial = previous?.status === 'trialing' || previous?.resumeTo === 'trialing' || (trialEnd !== null && endedAt <= trialEnd);
      return { ...base, status: 'expired', currentPeriodEnd: snapshot.currentPeriodEnd, endedFrom: previous?.endedFrom ?? (wasTrial ? 'trial' : 'subscription') };
    }
    default:
      return null;
  }
}
