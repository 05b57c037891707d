import { DomainError } from '../errors/domain-error.ts';
import { isTestCardPaying } from './test-mode/test-card-on-file.ts';
import { findPlanById, listPlans } from './catalogue-repository.ts';
import { mailAccountHolder, type CommerceContext } from './commerce-context.ts';
import { recordPayment } from './payment-ledger.ts';
import { composePlanChangeMail, type PlanChangeMail } from './plan-change-mail.ts';
import { findScheduledChange, listDueChanges, recordPlanChange, settleScheduledChange, type PlanChangeRecord } from './plan-change-repository.ts';
import { decidePlanChange, periodStartOf, PlanChangeRefused, type PlanChange } from './plan-change.ts';
import { recordPlanChanged } from './plan-change-insights.ts';
import type { Plan } from './plan.ts';
import { findLatestSubscription, findSubscriptionById, updateSubscription, type Subscription } from './subscription-repository.ts';
import { applySubscriptionEvent, SubscriptionTransitionError } from './subscription.ts';

/** One plan the reader could move to, and what moving costs or why they cannot. */
export type PlanChoice = { plan: Plan; change: PlanChange };

/** The reader's subscription as the "Change plan" page shows it. */
export type PlanChangeOverview = {
  subscription: Subscription;
  current: Plan;
  /** A downgrade waiting for the period's end, with the plan it moves to. */
  scheduled: { change: PlanChangeRecord; plan: Plan } | null;
  choices: PlanChoice[];
};

export type PlanChangeOutcome =
  | { kind: 'changed'; plan: Plan; dueNowMinor: number; renewsAt: Date; renewalMinor: number }
  | { kind: 'scheduled'; plan: Plan; effectiveAt: Date }
  | { kind: 'declined' };

function decide(subscription: Subscription, { current, chosen, scheduled, now }: { current: Plan; chosen: Plan; scheduled: boolean; now: Date }): PlanChange {
  return decidePlanChange({
    subscription: {
      status: subscription.state.status,
      periodStart: periodStartOf(subscription.state.currentPeriodEnd, current.interval),
      periodEnd: subscription.state.currentPeriodEnd,
      introPeriodsLeft: subscription.introPeriodsLeft,
      hasScheduledChange: scheduled,
    },
    current,
    chosen,
    now,
  });
}

/** What each plan of the catalogue would cost the reader now; null when they have no subscription. */
export async function readPlanChoices(
  ctx: Pick<CommerceContext, 'db'>,
  { accountId, now }: { accountId: number; now: Date },
): Promise<PlanChangeOverview | null> {
  const subscription = await findLatestSubscription(ctx.db, accountId);
  if (!subscription) return null;
  const [plans, waiting] = await Promise.all([listPlans(ctx.db), findScheduledChange(ctx.db, subscription.id)]);
  const current = plans.find((plan) => plan.id === subscription.planId);
  if (!current) return null;
  const scheduledPlan = waiting ? plans.find((plan) => plan.id === waiting.toPlanId) : undefined;
  const choices = plans
    .filter((plan) => plan.id !== current.id && plan.isActive && plan.currency === current.currency)
    .map((plan) => ({ plan, change: decide(subscription, { current, chosen: plan, scheduled: waiting !== undefined, now }) }));
  return { subscription, current, scheduled: waiting && scheduledPlan ? { change: waiting, plan: scheduledPlan } : null, choices };
}

function mailPlanChange(ctx: CommerceContext, accountId: number, mail: PlanChangeMail): Promise<void> {
  return mailAccountHolder(ctx, {
    accountId,
    kind: mail.kind,
    compose: (wording) => composePlanChangeMail(mail, { ...wording, accountUrl: new URL('account', ctx.publicUrl).toString() }),
  });
}

const changedMeanwhile = () => new SubscriptionTransitionError('Your subscription changed meanwhile; please try again');

/**
 * Moves the reader's subscription to `planId`: an upgrade now, charged at once (test mode: to the
 * card on file, through the ledger; Stripe: an invoice now), a downgrade at the period's end.
 */
export async function changePlan(
  ctx: CommerceContext,
  { accountId, planId, now }: { accountId: number; planId: number; now: Date },
): Promise<PlanChangeOutcome> {
  const subscription = await findLatestSubscription(ctx.db, accountId);
  if (!subscription) throw new PlanChangeRefused('not-active');
  const [current, chosen, waiting] = await Promise.all([
    findPlanById(ctx.db, subscription.planId),
    findPlanById(ctx.db, planId),
    findScheduledChange(ctx.db, subscription.id),
  ]);
  if (!chosen) throw new DomainError('There is no such plan', { kind: 'not-found' });
  if (!current) throw new PlanChangeRefused('not-active');
  const change = decide(subscription, { current, chosen, scheduled: waiting !== undefined, now });
  if (change.kind === 'refused') throw new PlanChangeRefused(change.reason);
  const record = {
    subscriptionId: subscription.id,
    fromPlanId: current.id,
    toPlanId: chosen.id,
    direction: change.direction,
    currency: current.currency,
    requestedAt: now,
  };

  if (change.kind === 'at-period-end') {
    // Written first: the one-waiting index refuses a second request at once before the provider hears of it.
    const id = await recordPlanChange(ctx.db, { ...record, status: 'scheduled', amountMinor: 0, effectiveAt: change.effectiveAt, settledAt: null });
    try {
      await ctx.provider.schedulePlanChange({ subscription, plan: chosen, at: change.effectiveAt });
    } catch (error) {
      await settleScheduledChange(ctx.db, { id, status: 'withdrawn', now });
      throw error;
    }
    await mailPlanChange(ctx, accountId, { kind: 'plan-change-scheduled', from: current, to: chosen, effectiveAt: change.effectiveAt });
    return { kind: 'scheduled', plan: chosen, effectiveAt: change.effectiveAt };
  }

  const isTrial = subscription.state.status === 'trialing';
  if (ctx.provider.kind === 'test' && change.dueNowMinor > 0 && !(await isTestCardPaying(ctx.db, accountId))) return { kind: 'declined' };
  const charge = await ctx.provider.changePlanNow({ subscription, plan: chosen, isTrial });
  if (charge.kind === 'declined') return { kind: 'declined' };
  const state = isTrial ? subscription.state : applySubscriptionEvent(subscription.state, { type: 'payment-succeeded', currentPeriodEnd: change.renewsAt });
  // The plan, the change's record and (test mode) the charge are one write: the version check lets one request make it.
  const isMoved = await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateSubscription(trx, subscription, { state, planId: chosen.id }, now))) return false;
    await recordPlanChange(trx, { ...record, status: 'applied', amountMinor: change.dueNowMinor, effectiveAt: now, settledAt: now });
    // Stripe's charge reaches the ledger with its invoice's event; a test-mode charge is recorded here.
    if (charge.kind === 'card-on-file' && change.dueNowMinor > 0) {
      await recordPayment(trx, {
        accountId,
        subscriptionId: subscription.id,
        provider: 'test',
        providerPaymentId: null,
        kind: 'charge',
        status: 'succeeded',
        amountMinor: change.dueNowMinor,
        currency: chosen.currency,
        refundOf: null,
        occurredAt: now,
      });
    }
    return true;
  });
  if (!isMoved) throw changedMeanwhile();
  recordPlanChanged(ctx.insights, { subscription, from: current, to: chosen, direction: change.direction, amountMinor: change.dueNowMinor, at: now });
  await mailPlanChange(ctx, accountId, {
    kind: 'plan-changed',
    from: current,
    to: chosen,
    dueNowMinor: change.dueNowMinor,
    renewsAt: change.renewsAt,
    renewalMinor: change.renewalMinor,
  });
  return { kind: 'changed', plan: chosen, dueNowMinor: change.dueNowMinor, renewsAt: change.renewsAt, renewalMinor: change.renewalMinor };
}

/** Calls off the reader's waiting downgrade: they renew on the plan they have. */
export async function withdrawPlanChange(ctx: CommerceContext, { accountId, now }: { accountId: number; now: Date }): Promise<void> {
  const subscription = await findLatestSubscription(ctx.db, accountId);
  const waiting = subscription ? await findScheduledChange(ctx.db, subscription.id) : undefined;
  if (!subscription || !waiting) throw new SubscriptionTransitionError('No change of plan is waiting');
  await ctx.provider.withdrawPlanChange(subscription);
  if (!(await settleScheduledChange(ctx.db, { id: waiting.id, status: 'withdrawn', now }))) throw changedMeanwhile();
  const [from, to] = await Promise.all([findPlanById(ctx.db, waiting.fromPlanId), findPlanById(ctx.db, waiting.toPlanId)]);
  if (from && to) await mailPlanChange(ctx, accountId, { kind: 'plan-change-withdrawn', from, to });
}

export type DueChangesReport = { applied: number; withdrawn: number };

/**
 * The job loop's pass over downgrades whose period has ended: the subscription moves to its new
 * plan before its renewal is charged, so it renews at the new price. A subscription that has ended
 * or is ending meanwhile has nothing to move, and its change is withdrawn. Each change is settled by
 * one instance only (the settle's status check, then the subscription's version), in one transaction.
 */
export async function applyDuePlanChanges(ctx: CommerceContext, now: Date): Promise<DueChangesReport> {
  const report: DueChangesReport = { applied: 0, withdrawn: 0 };
  for (const due of await listDueChanges(ctx.db, now)) {
    const subscription = await findSubscriptionById(ctx.db, due.subscriptionId);
    if (!subscription) continue;
    const isLive = subscription.state.status === 'active' || subscription.state.status === 'trialing' || subscription.state.status === 'past_due';
    if (!isLive) {
      if (await settleScheduledChange(ctx.db, { id: due.id, status: 'withdrawn', now })) report.withdrawn += 1;
      continue;
    }
    let isApplied: boolean;
    try {
      isApplied = await ctx.db.transaction().execute(async (trx) => {
        if (!(await settleScheduledChange(trx, { id: due.id, status: 'applied', now }))) return false;
        // Thrown to undo the settle: the subscription moved since it was read, and the next pass tries again.
        if (!(await updateSubscription(trx, subscription, { planId: due.toPlanId }, now))) throw changedMeanwhile();
        return true;
      });
    } catch (error) {
      if (error instanceof SubscriptionTransitionError) continue;
      throw error;
    }
    if (!isApplied) continue;
    report.applied += 1;
    const [from, to] = await Promise.all([findPlanById(ctx.db, due.fromPlanId), findPlanById(ctx.db, due.toPlanId)]);
    if (from && to) recordPlanChanged(ctx.insights, { subscription, from, to, direction: due.direction, amountMinor: 0, at: now });
  }
  return report;
}
