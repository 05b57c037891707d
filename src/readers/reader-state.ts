import type { SubscriptionStatus } from '../commerce/subscription.ts';

/**
 * Where a reader stands, as the desk files them: a free account, one of a subscription's states,
 * or complimentary access (which outranks any subscription while it holds, since it is what they read on).
 */
export const readerStates = ['free', 'trialing', 'active', 'past_due', 'canceled', 'expired', 'complimentary'] as const;
export type ReaderState = (typeof readerStates)[number];

export const readerStateLabels: Readonly<Record<ReaderState, string>> = {
  free: 'Free',
  trialing: 'Trialing',
  active: 'Active',
  past_due: 'Past due',
  canceled: 'Canceled',
  expired: 'Expired',
  complimentary: 'Complimentary',
};

export function readerStateOf({
  latestSubscription,
  hasComplimentaryAccess,
}: {
  latestSubscription: SubscriptionStatus | null;
  hasComplimentaryAccess: boolean;
}): ReaderState {
  if (hasComplimentaryAccess) return 'complimentary';
  return latestSubscription ?? 'free';
}
