import { addBillingInterval } from '../commerce/billing-period.ts';
import { isTestCardPaying } from '../commerce/test-mode/test-card-on-file.ts';
import { findOfferById, findPlanById } from '../commerce/catalogue-repository.ts';
import { notifySubscriber, type CommerceContext } from '../commerce/commerce-context.ts';
import { cancelSubscription } from '../commerce/manage-subscription.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import type { Plan } from '../commerce/plan.ts';
import { findLatestSubscription, insertSubscription, type Subscription } from '../commerce/subscription-repository.ts';
import { recordSubscriptionStart } from '../commerce/subscription-insights.ts';
import { SubscriptionTransitionError } from '../commerce/subscription.ts';
import { DomainError } from '../errors/domain-error.ts';
import { recordReaderEvent } from '../readers/reader-events.ts';
import { reasonLabelOf, type CancellationReason } from './cancellation-reasons.ts';
import { chooseRetentionOffer, pauseEndOf, type RetentionOffer, type RetentionTaken } from './retention-offer.ts';
import { hasTakenRetentionOffer, insertRetentionRedemption, readRetentionSettings, recordCancellationReason } from './retention-repository.ts';

/** The offer shown is not the one the publication makes now (changed meanwhile, or taken in another tab). */
export class RetentionOfferChangedError extends DomainError {
  override name = 'RetentionOfferChangedError';
  constructor() {
    super('The offer has changed since the page was shown. Please look again before you decide.', { kind: 'conflict' }, { code: 'offer-changed' });
  }
}

async function liveSubscriptionOf(ctx: CommerceContext, accountId: number): Promise<Subscription> {
  const subscription = await findLatestSubscription(ctx.db, accountId);
  if (!subscription || (subscription.state.status !== 'trialing' && subscription.state.status !== 'active')) {
    throw new SubscriptionTransitionError('You have no subscription to cancel');
  }
  return subscription;
}

/** The offer this reader would be shown now, if any. */
async function offerFor(ctx: CommerceContext, subscription: Subscription): Promise<RetentionOffer | null> {
  const [settings, hasTakenOfferBefore] = await Promise.all([readRetentionSettings(ctx.db), hasTakenRetentionOffer(ctx.db, subscription.accountId)]);
  return chooseRetentionOffer({ settings, status: subscription.state.status, hasTakenOfferBefore });
}

/** What the cancel page shows: the subscription, its plan and the one offer, if any. */
export async function cancellationChoiceOf(
  ctx: CommerceContext,
  { accountId }: { accountId: number },
): Promise<{ subscription: Subscription; plan: Plan; offer: RetentionOffer | null; nextChargeMinor: number }> {
  const subscription = await liveSubscriptionOf(ctx, accountId);
  const [plan, taken] = await Promise.all([
    findPlanById(ctx.db, subscription.planId),
    subscription.offerId === null ? undefined : findOfferById(ctx.db, subscription.offerId),
  ]);
  if (!plan) throw new SubscriptionTransitionError('Your subscription has no plan');
  const terms = taken?.offer.terms;
  // What the reader would pay next: an introductory price while its periods last, else the plan's.
  const nextChargeMinor = subscription.introPeriodsLeft > 0 && terms?.kind === 'introductory-price' ? terms.priceMinor : plan.priceMinor;
  return { subscription, plan, offer: await offerFor(ctx, subscription), nextChargeMinor };
}

/** The offer as the page names it, so a decision is taken on the offer the reader saw: "discount:50:3", "pause:2", "none". */
export function retentionOfferToken(offer: RetentionOffer | null): string {
  if (offer === null) return 'none';
  return offer.kind === 'discount' ? `discount:${offer.percentOff}:${offer.periods}` : `pause:${offer.months}`;
}

function reasonText({ reason, comment }: CancellationReason): string | null {
  const parts = [reasonLabelOf(reason), comment].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(': ');
}

export type CancellationDecision = { kind: 'canceled' } | { kind: 'stayed'; taken: RetentionTaken };

/**
 * The reader's one decision on the cancel page, with what they said (recorded either way): cancel
 * at the period's end, or take the offer they were shown, which is applied with the provider,
 * remembered for renewals, and the subscription carries on.
 */
export async function decideCancellation(
  ctx: CommerceContext,
  { accountId, said, decision, offerShown, now }: { accountId: number; said: CancellationReason; decision: 'cancel' | 'stay'; offerShown: string; now: Date },
): Promise<CancellationDecision> {
  const { subscription, plan, offer } = await cancellationChoiceOf(ctx, { accountId });
  const recorded = { ...said, accountId, subscriptionId: subscription.id, offerKind: offer?.kind ?? null, now };
  if (decision === 'cancel') {
    const canceled = await cancelSubscription(ctx, { accountId, now, reason: said.reason });
    await recordCancellationReason(ctx.db, { ...recorded, subscriptionId: canceled.id, outcome: 'canceled' });
    await recordReaderEvent(ctx.db, { accountId, event: { kind: 'canceled', atPeriodEnd: true, reason: reasonText(said) }, at: now });
    return { kind: 'canceled' };
  }
  if (offer === null || retentionOfferToken(offer) !== offerShown) throw new RetentionOfferChangedError();
  const taken: RetentionTaken =
    offer.kind === 'discount'
      ? { kind: 'discount', percentOff: offer.percentOff, periodsLeft: offer.periods }
      : { kind: 'pause', pausedUntil: pauseEndOf(subscription.state.currentPeriodEnd, offer.months) };
  // Recorded before the provider is asked, and refused if another tab got there first: one offer, applied once.
  if (!(await insertRetentionRedemption(ctx.db, { accountId, subscriptionId: subscription.id, taken, now }))) throw new RetentionOfferChangedError();
  await ctx.provider.applyRetentionOffer(
    subscription,
    taken.kind === 'discount'
      ? { kind: 'discount', percentOff: taken.percentOff, durationInMonths: plan.interval === 'month' ? taken.periodsLeft : taken.periodsLeft * 12 }
      : { kind: 'pause', resumesAt: taken.pausedUntil },
  );
  await recordCancellationReason(ctx.db, { ...recorded, outcome: 'stayed' });
  await recordReaderEvent(ctx.db, {
    accountId,
    event:
      taken.kind === 'discount'
        ? { kind: 'retention-offer-accepted', offer: 'discount', percentOff: taken.percentOff, periods: taken.periodsLeft, pausedUntil: null }
        : { kind: 'retention-offer-accepted', offer: 'pause', percentOff: null, periods: null, pausedUntil: taken.pausedUntil.toISOString() },
    at: now,
  });
  return { kind: 'stayed', taken };
}

export type ResubscribeOutcome = { kind: 'restarted'; subscriptionId: number } | { kind: 'needs-checkout' };

/**
 * "Resubscribe" after a subscription has ended: the same plan at its price, started in one step
 * with the card on file. Without a card that pays, the reader is sent to choose an offer instead.
 */
export async function resubscribe(ctx: CommerceContext, { accountId, now }: { accountId: number; now: Date }): Promise<ResubscribeOutcome> {
  const ended = await findLatestSubscription(ctx.db, accountId);
  if (ended?.state.status !== 'expired') throw new SubscriptionTransitionError('Only an ended subscription can be started again');
  const plan = await findPlanById(ctx.db, ended.planId);
  if (!plan?.isActive) return { kind: 'needs-checkout' };
  const outcome = await ctx.provider.restartSubscription({ ended, plan });
  if (outcome.kind === 'declined') return { kind: 'needs-checkout' };

  let started: { providerSubscriptionId: string | null; providerCustomerId: string | null; currentPeriodEnd: Date; amountMinor: number };
  if (outcome.kind === 'started') started = outcome;
  else {
    if (!(await isTestCardPaying(ctx.db, accountId))) return { kind: 'needs-checkout' };
    started = {
      providerSubscriptionId: null,
      providerCustomerId: null,
      currentPeriodEnd: addBillingInterval(now, plan.interval),
      amountMinor: plan.priceMinor,
    };
  }
  const subscriptionId = await insertSubscription(
    ctx.db,
    {
      accountId,
      planId: plan.id,
      offerId: null,
      provider: ctx.provider.kind,
      providerSubscriptionId: started.providerSubscriptionId,
      providerCustomerId: started.providerCustomerId,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status: 'active', currentPeriodEnd: started.currentPeriodEnd, trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
  // Stripe's charge reaches the ledger with its invoice's event; a test-mode charge is recorded here.
  if (outcome.kind === 'card-on-file') {
    await recordPayment(ctx.db, {
      accountId,
      subscriptionId,
      provider: 'test',
      providerPaymentId: null,
      kind: 'charge',
      status: 'succeeded',
      amountMinor: started.amountMinor,
      currency: plan.currency,
      refundOf: null,
      occurredAt: now,
    });
  }
  await recordReaderEvent(ctx.db, { accountId, event: { kind: 'resubscribed', planName: plan.name }, at: now });
  await recordSubscriptionStart(ctx.insights, ctx.db, { subscriptionId, at: now });
  await notifySubscriber(ctx, { accountId, planId: plan.id, mail: { kind: 'receipt', amountMinor: started.amountMinor, periodEnd: started.currentPeriodEnd } });
  return { kind: 'restarted', subscriptionId };
}
