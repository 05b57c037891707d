import { addBillingInterval } from './billing-period.ts';
import { findPlanById } from './catalogue-repository.ts';
import { notifySubscriber, type CommerceContext } from './commerce-context.ts';
import { gracePeriodMsOf, readCommerceSettings } from './commerce-settings.ts';
import { findOfferById } from './catalogue-repository.ts';
import { listSubscriptionsDue, updateSubscription, type Subscription } from './subscription-repository.ts';
import { findRetentionTaken, setDiscountedPeriodsLeft } from '../retention/retention-repository.ts';
import { renewWithRetention } from '../retention/retention-offer.ts';
import { applySubscriptionEvent, type SubscriptionEvent, type SubscriptionState } from './subscription.ts';

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

/** Charges a test-mode renewal against the card on file: the amount, or null when the card declines. */
async function chargeTestRenewal(ctx: CommerceContext, subscription: Subscription): Promise<number | null> {
  const card = await ctx.db.selectFrom('test_payment_methods').select('is_declining').where('account_id', '=', subscription.accountId).executeTakeFirst();
  if (!card || card.is_declining === 1) return null;
  const plan = await findPlanById(ctx.db, subscription.planId);
  if (!plan) return null;
  const offer = subscription.offerId === null ? undefined : await findOfferById(ctx.db, subscription.offerId);
  const isIntroductory = subscription.introPeriodsLeft > 0 && offer?.offer.terms.kind === 'introductory-price';
  return isIntroductory && offer.offer.terms.kind === 'introductory-price' ? offer.offer.terms.priceMinor : plan.priceMinor;
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

    if (subscription.provider === 'test' && isPastEnd && (state.status === 'trialing' || state.status === 'active')) {
      const plan = await findPlanById(ctx.db, subscription.planId);
      if (!plan) continue;
      const taken = await findRetentionTaken(ctx.db, subscription.id);
      const price = await chargeTestRenewal(ctx, subscription);
      const renewal = renewWithRetention({ taken, priceMinor: price ?? 0, periodEnd: state.currentPeriodEnd });
      if (renewal.kind === 'paused') {
        // A retention pause: the period runs on to the pause's end without a charge, the card untouched.
        await move(ctx, subscription, applySubscriptionEvent(state, { type: 'payment-succeeded', currentPeriodEnd: renewal.periodEnd }), now);
        continue;
      }
      const charged = price === null ? null : renewal.amountMinor;
      const wasTrial = state.status === 'trialing';
      const event: SubscriptionEvent =
        charged !== null
          ? { type: 'payment-succeeded', currentPeriodEnd: addBillingInterval(state.currentPeriodEnd, plan.interval) }
          : wasTrial
            ? { type: 'ended', at: now }
            : { type: 'payment-failed', at: now };
      const next = applySubscriptionEvent(state, event);
      const introPeriodsLeft = charged !== null && !wasTrial ? Math.max(0, subscription.introPeriodsLeft - 1) : subscription.introPeriodsLeft;
      if (!(await move(ctx, subscription, next, now, { introPeriodsLeft }))) continue;
      if (charged !== null && taken?.kind === 'discount' && renewal.discountedPeriodsLeft !== null) {
        await setDiscountedPeriodsLeft(ctx.db, { id: taken.id, periodsLeft: renewal.discountedPeriodsLeft });
      }
      const recipient = { accountId: subscription.accountId, planId: subscription.planId };
      if (charged !== null) {
        await notifySubscriber(ctx, { ...recipient, mail: { kind: 'receipt', amountMinor: charged, periodEnd: next.currentPeriodEnd } });
        report.renewed += 1;
      } else if (next.status === 'expired') {
        await notifySubscriber(ctx, { ...recipient, mail: { kind: 'subscription-ended', endedFrom: 'trial' } });
        report.expired += 1;
      } else {
        await notifySubscriber(ctx, { ...recipient, mail: { kind: 'payment-failed', accessUntil: new Date(now.getTime() + gracePeriodMs) } });
        report.failed += 1;
      }
      continue;
    }

    const next = applySubscriptionEvent(state, { type: 'time-passed', now, gracePeriodMs });
    if (next.status === 'expired' && state.status !== 'expired' && (await move(ctx, subscription, next, now))) {
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
