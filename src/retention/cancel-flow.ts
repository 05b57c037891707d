import { addBillingInterval } from '../commerce/billing-period.ts';
import { findPlanById } from '../commerce/catalogue-repository.ts';
import { notifySubscriber, type CommerceContext } from '../commerce/commerce-context.ts';
import { cancelSubscription } from '../commerce/manage-subscription.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import type { Plan } from '../commerce/plan.ts';
import { findLatestSubscription, insertSubscription, type Subscription } from '../commerce/subscription-repository.ts';
import { SubscriptionTransitionError } from '../commerce/subscription.ts';
import { DomainError } from '../errors/domain-error.ts';
import { recordReaderEvent } from '../readers/reader-events.ts';
import { reasonLabelOf, type CancellationReason } from './cancellation-reasons.ts';
import { chooseRetentionOffer, pauseEndOf, type RetentionOffer, type RetentionTaken } from './retention-offer.ts';
import {
  decideCancellation,
  findUndecidedCancellation,
  hasTakenRetentionOffer,
  insertCancellation,
  insertRetentionRedemption,
  readRetentionSettings,
  type Cancellation,
} from './retention-repository.ts';

export class CancellationNotFoundError extends DomainError {
  override name = 'CancellationNotFoundError';
  constructor() {
    super('That cancellation is already settled, or is not yours. Start again from your account page.', { kind: 'not-found' });
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

/** The reason step: what the reader said is recorded at once, whatever they decide next. */
export async function beginCancellation(ctx: CommerceContext, { accountId, said, now }: { accountId: number; said: CancellationReason; now: Date }): Promise<number> {
  const subscription = await liveSubscriptionOf(ctx, accountId);
  const offer = await offerFor(ctx, subscription);
  return insertCancellation(ctx.db, { ...said, accountId, subscriptionId: subscription.id, offerKind: offer?.kind ?? null, now });
}

/** What the confirmation step shows: the subscription, its plan and the one offer, if any. */
export async function cancellationChoiceOf(
  ctx: CommerceContext,
  { accountId, cancellationId }: { accountId: number; cancellationId: number },
): Promise<{ cancellation: Cancellation; subscription: Subscription; plan: Plan; offer: RetentionOffer | null }> {
  // The subscription first: one canceled meanwhile (another tab) is told as such, not as a missing page.
  const subscription = await liveSubscriptionOf(ctx, accountId);
  const cancellation = await findUndecidedCancellation(ctx.db, { id: cancellationId, accountId });
  if (!cancellation) throw new CancellationNotFoundError();
  const plan = await findPlanById(ctx.db, subscription.planId);
  if (!plan) throw new SubscriptionTransitionError('Your subscription has no plan');
  return { cancellation, subscription, plan, offer: await offerFor(ctx, subscription) };
}

function reasonText({ reason, comment }: CancellationReason): string | null {
  const parts = [reasonLabelOf(reason), comment].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(': ');
}

/** The reader declined the offer (or had none) and confirms: canceled at the period's end. */
export async function confirmCancellation(
  ctx: CommerceContext,
  { accountId, cancellationId, now }: { accountId: number; cancellationId: number; now: Date },
): Promise<Subscription> {
  const { cancellation } = await cancellationChoiceOf(ctx, { accountId, cancellationId });
  // Canceled first: a second confirmation finds the subscription canceled and is refused there.
  const subscription = await cancelSubscription(ctx, { accountId, now });
  await decideCancellation(ctx.db, { id: cancellation.id, outcome: 'canceled', now });
  await recordReaderEvent(ctx.db, { accountId, event: { kind: 'canceled', atPeriodEnd: true, reason: reasonText(cancellation) }, at: now });
  return subscription;
}

/** The reader takes the offer: applied with the provider, remembered for renewals, and the subscription carries on. */
export async function acceptRetentionOffer(
  ctx: CommerceContext,
  { accountId, cancellationId, now }: { accountId: number; cancellationId: number; now: Date },
): Promise<RetentionTaken> {
  const { cancellation, subscription, plan, offer } = await cancellationChoiceOf(ctx, { accountId, cancellationId });
  if (offer === null) throw new SubscriptionTransitionError('There is no offer to accept');
  const taken: RetentionTaken =
    offer.kind === 'discount'
      ? { kind: 'discount', percentOff: offer.percentOff, periodsLeft: offer.periods }
      : { kind: 'pause', pausedUntil: pauseEndOf(subscription.state.currentPeriodEnd, offer.months) };
  if (!(await decideCancellation(ctx.db, { id: cancellation.id, outcome: 'stayed', now }))) throw new CancellationNotFoundError();
  await ctx.provider.applyRetentionOffer(
    subscription,
    taken.kind === 'discount'
      ? { kind: 'discount', percentOff: taken.percentOff, durationInMonths: plan.interval === 'month' ? taken.periodsLeft : taken.periodsLeft * 12 }
      : { kind: 'pause', resumesAt: taken.pausedUntil },
  );
  await insertRetentionRedemption(ctx.db, { accountId, subscriptionId: subscription.id, taken, now });
  await recordReaderEvent(ctx.db, {
    accountId,
    event:
      taken.kind === 'discount'
        ? { kind: 'retention-offer-accepted', offer: 'discount', percentOff: taken.percentOff, periods: taken.periodsLeft, pausedUntil: null }
        : { kind: 'retention-offer-accepted', offer: 'pause', percentOff: null, periods: null, pausedUntil: taken.pausedUntil.toISOString() },
    at: now,
  });
  return taken;
}

export type ResubscribeOutcome = { kind: 'restarted'; subscriptionId: number } | { kind: 'needs-checkout' };

/**
 * "Resubscribe" after a subscription has ended: the same plan at its price, started in one step
 * with the card on file. Without a card that pays, the reader is sent to choose an offer instead.
 */
export async function resubscribe(ctx: CommerceContext, { accountId, now }: { accountId: number; now: Date }): Promise<ResubscribeOutcome> {
  const ended = await findLatestSubscription(ctx.db, accountId);
  if (!ended || ended.state.status !== 'expired') throw new SubscriptionTransitionError('Only an ended subscription can be started again');
  const plan = await findPlanById(ctx.db, ended.planId);
  if (!plan?.isActive) return { kind: 'needs-checkout' };
  const outcome = await ctx.provider.restartSubscription({ ended, plan });
  if (outcome.kind === 'declined') return { kind: 'needs-checkout' };

  let started: { providerSubscriptionId: string | null; providerCustomerId: string | null; currentPeriodEnd: Date; amountMinor: number };
  if (outcome.kind === 'started') started = outcome;
  else {
    const card = await ctx.db.selectFrom('test_payment_methods').select('is_declining').where('account_id', '=', accountId).executeTakeFirst();
    if (!card || card.is_declining === 1) return { kind: 'needs-checkout' };
    started = { providerSubscriptionId: null, providerCustomerId: null, currentPeriodEnd: addBillingInterval(now, plan.interval), amountMinor: plan.priceMinor };
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
  await notifySubscriber(ctx, { accountId, planId: plan.id, mail: { kind: 'receipt', amountMinor: started.amountMinor, periodEnd: started.currentPeriodEnd } });
  return { kind: 'restarted', subscriptionId };
}
