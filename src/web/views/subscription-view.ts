import { describeSubscription, type SubscriptionTerms } from '../../commerce/subscription-detail.ts';
import type { Subscription } from '../../commerce/subscription-repository.ts';
import { formatMoney } from '../../commerce/money.ts';
import type { RetentionTaken } from '../../retention/retention-offer.ts';
import { accountPaths } from '../../http/account-paths.ts';
import type { SubscriptionView } from './view-models.ts';

export const subscriptionPaths = {
  cancel: '/account/subscription/cancel',
  resume: '/account/subscription/resume',
  billing: '/account/subscription/billing',
  resubscribe: '/account/subscription/resubscribe',
} as const;

const statusLabels: Record<SubscriptionView['status'], string> = {
  trialing: 'Free trial',
  active: 'Active',
  past_due: 'Payment failed',
  canceled: 'Canceled',
  expired: 'Ended',
};

/** The retention offer a reader took, while it still changes their payments; "" otherwise. */
function retentionNoteOf(taken: RetentionTaken | null, { state }: Subscription, { settings }: SubscriptionTerms): string {
  if (state.status !== 'active' && state.status !== 'trialing') return '';
  if (taken?.kind === 'discount' && taken.periodsLeft > 0) {
    const renewals = taken.periodsLeft === 1 ? 'your next payment' : `your next ${taken.periodsLeft} payments`;
    return `Your ${taken.percentOff}% discount applies to ${renewals}.`;
  }
  if (taken?.kind === 'pause' && state.currentPeriodEnd < taken.pausedUntil) {
    const until = new Intl.DateTimeFormat(settings.locale, { dateStyle: 'long', timeZone: settings.timeZone }).format(taken.pausedUntil);
    return `Your payments are paused: nothing is charged until ${until}.`;
  }
  return '';
}

/** The subscription as the account page tells it: its status, what happens next, what the reader can do. */
export function toSubscriptionView(subscription: Subscription, terms: SubscriptionTerms): SubscriptionView {
  const { state } = subscription;
  return {
    planName: terms.plan.name,
    status: state.status,
    statusLabel: statusLabels[state.status],
    detail: describeSubscription(subscription, terms),
    retentionNote: retentionNoteOf(terms.retention ?? null, subscription, terms),
    cancelUrl: state.status === 'trialing' || state.status === 'active' ? subscriptionPaths.cancel : null,
    resumeUrl: state.status === 'canceled' ? subscriptionPaths.resume : null,
    billingUrl: state.status !== 'expired' ? subscriptionPaths.billing : null,
    offersUrl: accountPaths.offers,
    resubscribeUrl: state.status === 'expired' && terms.plan.isActive ? subscriptionPaths.resubscribe : null,
    resubscribeTerms: `${terms.plan.name}, ${formatMoney({ amountMinor: terms.plan.priceMinor, currency: terms.plan.currency }, terms.settings.locale)} a ${terms.plan.interval}`,
  };
}
