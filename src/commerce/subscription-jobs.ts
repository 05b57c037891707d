import { addBillingInterval } from './billing-period.ts';
import { isTestCardPaying } from './test-mode/test-card-on-file.ts';
import { findPlanById } from './catalogue-repository.ts';
import { notifySubscriber, type CommerceContext } from './commerce-context.ts';
import { gracePeriodMsOf, readCommerceSettings } from './commerce-settings.ts';
import { findOfferById } from './catalogue-repository.ts';
import { listSubscriptionsDue, updateSubscription, type Subscription } from './subscription-repository.ts';
import { findRetentionTaken, setDiscountedPeriodsLeft } from '../retention/retention-repository.ts';
import { renewWithRetention } from '../retention/retention-offer.ts';
import { applySubscriptionEvent, isEntitledBy, type SubscriptionEvent, type SubscriptionState } from './subscription.ts';
import { recordPayment } from './payment-ledger.ts';
import { recordSubscriptionMove } from './subscription-insights.ts';

export type JobReport = { reminded: number; renewed: number; failed: number; expired: number };

/**
 * Moves one subscription to its next state if no one else has since it was read. Every instance
 * may run the job loop; the version check lets exactly one of them apply each move and send its mail.
 */
async function move(
  ctx: CommerceContext,
  subscription: Subscription,
  state: SubscriptionState,
  now: Date,
  extra: { introPeriodsLeft?: number; trialReminderSentAt?: Date } = {},
): Promise<boolean> {
  return updateSubscription(ctx.db, subscription, { state, ...extra }, now);
}

type TestCharge = { isPaid: boolean; amountMinor: number; currency: string };

/**
 * Charges a test-mode renewal against the card on file: what the reader owes, and whether the
 * card paid it (without a card on file, nothing pays); null when the plan is gone.
 */
async function chargeTestRenewal(ctx: CommerceContext, subscription: Subscription): Promise<TestCharge | null> {
  const isPaid = await isTestCardPaying(ctx.db, subscription.accountId);
  const plan = await findPlanById(ctx.db, subscription.planId);
  if (!plan) return null;
  const offer = subscription.offerId === null ? undefined : await findOfferById(ctx.db, subscription.offerId);
  const isIntroductory = subscription.introPeriodsLeft > 0 && offer?.offer.terms.kind === 'introductory-price';
  const amountMinor = isIntroductory && offer.offer.terms.kind === 'introductory-price' ? offer.offer.terms.priceMinor : plan.priceMinor;
  return { isPaid, amountMinor, currency: plan.currency };
}

/** One pass of time-driven work: trial reminders, test-mode renewals, expiries. Safe to run on every instance. */
export async function runSubscriptionJobs(ctx: CommerceContext, now: Date): Promise<JobReport> {
  const settings = await readCommerceSettings(ctx.db);
  const gracePeriodMs = gracePeriodMsOf(settings);
  const reminderWindowMs = settings.trialReminderDays * 24 * 60 * 60 * 1000;
  const report: JobReport = { reminded: 0, renewed: 0, failed: 0, expired: 0 };

  for (const subscription of await listSubscriptionsDue(ctx.db, new Date(now.getTime() + reminderWindowMs))) {
    const { state } = subscription;
    const isPastEnd = now >= state.currentPeriodEnd;

    if (state.status === 'trialing' && !isPastEnd && subscription.trialReminderSentAt === null) {
      if (await move(ctx, subscription, state, now, { trialReminderSentAt: now })) {
        await notifySubscriber(ctx, {
          accountId: subscription.accountId,
          planId: subscription.planId,
          mail: { kind: 'trial-ending', trialEnd: state.currentPeriodEnd },
        });
        report.reminded += 1;
      }
      continue;
    }

    const isRenewalDue = isPastEnd && (state.status === 'trialing' || state.status === 'active');
    // A past-due test subscription is tried again only once the reader has put in a card that pays.
    const isRetryDue =
      subscription.provider === 'test' &&
      state.status === 'past_due' &&
      isEntitledBy(state, { now, gracePeriodMs }) &&
      (await isTestCardPaying(ctx.db, subscription.accountId));
    if (subscription.provider === 'test' && (isRenewalDue || isRetryDue)) {
      const plan = await findPlanById(ctx.db, subscription.planId);
      const charge = await chargeTestRenewal(ctx, subscription);
      if (!plan || !charge) continue;
      const taken = await findRetentionTaken(ctx.db, subscription.id);
      const renewal = renewWithRetention({ taken, priceMinor: charge.amountMinor, periodEnd: state.currentPeriodEnd });
      if (renewal.kind === 'paused') {
        // A retention pause: the period runs on to the pause's end without a charge, the card untouched.
        await move(ctx, subscription, applySubscriptionEvent(state, { type: 'payment-succeeded', currentPeriodEnd: renewal.periodEnd }), now);
        continue;
      }
      const { amountMinor } = renewal;
      const wasTrial = state.status === 'trialing';
      // A trial ends when its first charge fails: the reader never paid, so there is nothing to recover.
      const event: SubscriptionEvent = charge.isPaid
        ? { type: 'payment-succeeded', currentPeriodEnd: addBillingInterval(state.currentPeriodEnd, plan.interval) }
        : wasTrial
          ? { type: 'ended', at: now }
          : { type: 'payment-failed', at: now };
      const next = applySubscriptionEvent(state, event);
      const introPeriodsLeft = charge.isPaid && !wasTrial ? Math.max(0, subscription.introPeriodsLeft - 1) : subscription.introPeriodsLeft;
      // The move, its ledger line and the retention discount's count are one change: the version check lets one instance make them.
      const isMoved = await ctx.db.transaction().execute(async (trx) => {
        if (!(await updateSubscription(trx, subscription, { state: next, introPeriodsLeft }, now))) return false;
        await recordPayment(trx, {
          accountId: subscription.accountId,
          subscriptionId: subscription.id,
          provider: 'test',
          providerPaymentId: null,
          kind: 'charge',
          status: charge.isPaid ? 'succeeded' : 'failed',
          amountMinor,
          currency: charge.currency,
          refundOf: null,
          occurredAt: now,
        });
        if (charge.isPaid && taken?.kind === 'discount' && renewal.discountedPeriodsLeft !== null) {
          await setDiscountedPeriodsLeft(trx, { id: taken.id, periodsLeft: renewal.discountedPeriodsLeft });
        }
        return true;
      });
      if (!isMoved) continue;
      recordSubscriptionMove(ctx.insights, { subscription, after: next, at: now, charge: { amountMinor, currency: charge.currency } });
      const recipient = { accountId: subscription.accountId, planId: subscription.planId };
      if (charge.isPaid) {
        await notifySubscriber(ctx, { ...recipient, mail: { kind: 'receipt', amountMinor, periodEnd: next.currentPeriodEnd } });
        report.renewed += 1;
      } else if (next.status === 'expired') {
        await notifySubscriber(ctx, { ...recipient, mail: { kind: 'subscription-ended', endedFrom: 'trial' } });
        report.expired += 1;
      } else {
        // The reader hears of it from the dunning job's reminders (dunning-jobs.ts), which start on day 0.
        report.failed += 1;
      }
      continue;
    }

    const next = applySubscriptionEvent(state, { type: 'time-passed', now, gracePeriodMs });
    if (next.status === 'expired' && state.status !== 'expired' && (await move(ctx, subscription, next, now))) {
      recordSubscriptionMove(ctx.insights, { subscription, after: next, at: now });
      await notifySubscriber(ctx, {
        accountId: subscription.accountId,
        planId: subscription.planId,
        mail: { kind: 'subscription-ended', endedFrom: next.endedFrom ?? 'subscription' },
      });
      report.expired += 1;
    }
  }
  return report;
}
