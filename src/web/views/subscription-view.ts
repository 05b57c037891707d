import type { Offer, Plan } from '../../commerce/plan.ts';
import { describeSubscription } from '../../commerce/subscription-detail.ts';
import type { Subscription } from '../../commerce/subscription-repository.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
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
export function toSubscriptionView(
  subscription: Subscription,
  {
    plan,
    offer,
    settings,
    gracePeriodMs,
  }: { plan: Plan; offer: Offer | null; settings: Pick<PublicationSettings, 'locale' | 'timeZone'>; gracePeriodMs: number },
): SubscriptionView {
  const { state } = subscription;
  return {
    planName: plan.name,
    status: state.status,
    statusLabel: statusLabels[state.status],
    detail: describeSubscription(subscription, { plan, offer, settings, gracePeriodMs }),
    cancelUrl: state.status === 'trialing' || state.status === 'active' ? subscriptionPaths.cancel : null,
    resumeUrl: state.status === 'canceled' ? subscriptionPaths.resume : null,
    billingUrl: subscription.provider === 'stripe' && state.status !== 'expired' ? subscriptionPaths.billing : null,
    offersUrl: accountPaths.offers,
  };
}
