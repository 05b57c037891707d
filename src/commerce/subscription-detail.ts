import { formatMoney } from './money.ts';
import type { Offer, Plan } from './plan.ts';
import type { Subscription } from './subscription-repository.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import { renewWithRetention, type RetentionTaken } from '../retention/retention-offer.ts';

/**
 * What a subscription is told with: its plan, the offer it was bought on, the publication's clock,
 * the grace period after a failed payment, and a retention offer the reader took, if any.
 */
export type SubscriptionTerms = {
  plan: Plan;
  offer: Offer | null;
  settings: Pick<PublicationSettings, 'locale' | 'timeZone'>;
  gracePeriodMs: number;
  retention?: RetentionTaken | null;
  /** The plan a downgrade scheduled for the period's end moves to: the next charge is its price. */
  scheduledPlan?: Plan | null;
};

/**
 * What happens next with a subscription, in one sentence for its holder ("Next charge: $15 on
 * December 20, 2026."): the account page and the apps' API tell it alike.
 */
export function describeSubscription(
  subscription: Subscription,
  { plan: current, offer, settings, gracePeriodMs, retention = null, scheduledPlan = null }: SubscriptionTerms,
): string {
  const { state } = subscription;
  const plan = scheduledPlan ?? current;
  const day = (date: Date) => new Intl.DateTimeFormat(settings.locale, { dateStyle: 'long', timeZone: settings.timeZone }).format(date);
  const priceMinor = subscription.introPeriodsLeft > 0 && offer?.terms.kind === 'introductory-price' ? offer.terms.priceMinor : plan.priceMinor;
  // A retention offer taken: the renewal a pause covers charges nothing, a discount takes its share.
  const renewal = renewWithRetention({ taken: retention, priceMinor, periodEnd: state.currentPeriodEnd });
  const nextChargeMinor = renewal.kind === 'charge' ? renewal.amountMinor : priceMinor;
  const nextChargeDate = renewal.kind === 'paused' ? renewal.periodEnd : state.currentPeriodEnd;
  const nextCharge = formatMoney({ amountMinor: nextChargeMinor, currency: plan.currency }, settings.locale);
  return {
    trialing: `Your free trial runs until ${day(state.currentPeriodEnd)}. Then ${nextCharge} a ${plan.interval}, unless you cancel.`,
    active: `Next charge: ${nextCharge} on ${day(nextChargeDate)}.`,
    past_due: `Your last payment did not go through. You keep full access until ${day(new Date((state.pastDueSince ?? state.currentPeriodEnd).getTime() + gracePeriodMs))}.`,
    canceled: `You have canceled. Your full access continues until ${day(state.currentPeriodEnd)}, and nothing more will be charged.`,
    expired: state.endedFrom === 'trial' ? 'Your free trial has ended.' : 'Your subscription has ended.',
  }[state.status];
}
