import { describeSubscription, type SubscriptionTerms } from '../../commerce/subscription-detail.ts';
import type { Subscription } from '../../commerce/subscription-repository.ts';
import { accountPaths } from '../../http/account-paths.ts';
import type { SubscriptionView } from './view-models.ts';

export const subscriptionPaths = {
  cancel: '/account/subscription/cancel',
  resume: '/account/subscription/resume',
  billing: '/account/subscription/billing',
} as const;

const statusLabels: Record<SubscriptionView['status'], string> = {
  trialing: 'Free trial',
  active: 'Active',
  past_due: 'Payment failed',
  canceled: 'Canceled',
  expired: 'Ended',
};

/** The subscription as the account page tells it: its status, what happens next, what the reader can do. */
export function toSubscriptionView(subscription: Subscription, terms: SubscriptionTerms): SubscriptionView {
  const { state } = subscription;
  return {
    planName: terms.plan.name,
    status: state.status,
    statusLabel: statusLabels[state.status],
    detail: describeSubscription(subscription, terms),
    cancelUrl: state.status === 'trialing' || state.status === 'active' ? subscriptionPaths.cancel : null,
    resumeUrl: state.status === 'canceled' ? subscriptionPaths.resume : null,
    billingUrl: state.status !== 'expired' ? subscriptionPaths.billing : null,
    offersUrl: accountPaths.offers,
  };
}
