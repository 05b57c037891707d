import { formatMoney } from '../../commerce/money.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
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
  const day = (date: Date) => new Intl.DateTimeFormat(settings.locale, { dateStyle: 'long', timeZone: settings.timeZone }).format(date);
  const nextChargeMinor = subscription.introPeriodsLeft > 0 && offer?.terms.kind === 'introductory-price' ? offer.terms.priceMinor : plan.priceMinor;
  const nextCharge = formatMoney({ amountMinor: nextChargeMinor, currency: plan.currency }, settings.locale);
  const detail = {
    trialing: `Your free trial runs until ${day(state.currentPeriodEnd)}. Then ${nextCharge} a ${plan.interval}, unless you cancel.`,
    active: `Next charge: ${nextCharge} on ${day(state.currentPeriodEnd)}.`,
    past_due: `Your last payment did not go through. You keep full access until ${day(new Date((state.pastDueSince ?? state.currentPeriodEnd).getTime() + gracePeriodMs))}.`,
    canceled: `You have canceled. Your full access continues until ${day(state.currentPeriodEnd)}, and nothing more will be charged.`,
    expired: state.endedFrom === 'trial' ? 'Your free trial has ended.' : 'Your subscription has ended.',
  }[state.status];
  return {
    planName: plan.name,
    status: state.status,
    statusLabel: statusLabels[state.status],
    detail,
    cancelUrl: state.status === 'trialing' || state.status === 'active' ? subscriptionPaths.cancel : null,
    resumeUrl: state.status === 'canceled' ? subscriptionPaths.resume : null,
    billingUrl: subscription.provider === 'stripe' && state.status !== 'expired' ? subscriptionPaths.billing : null,
    offersUrl: accountPaths.offers,
  };
}
