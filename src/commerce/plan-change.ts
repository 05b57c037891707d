import { DomainError } from '../errors/domain-error.ts';
import { addBillingInterval } from './billing-period.ts';
import type { Plan } from './plan.ts';
import type { SubscriptionStatus } from './subscription.ts';

/** What the rule needs of the subscription being changed. */
export type ChangingSubscription = {
  status: SubscriptionStatus;
  /** The current paid period, or the trial's: from when, to when. */
  periodStart: Date;
  periodEnd: Date;
  /** Introductory periods still charged at the offer's price: the plan's price is not what was paid. */
  introPeriodsLeft: number;
  /** A downgrade already waiting for the period's end. */
  hasScheduledChange: boolean;
};

/** Why a plan cannot be chosen, in words the account page can show. */
export type PlanChangeRefusal = 'same-plan' | 'plan-inactive' | 'other-currency' | 'not-active' | 'change-scheduled' | 'introductory-price' | 'period-over';

/**
 * What moving to another plan does. An upgrade (a longer interval, or more for the same interval)
 * applies now: the unused part of the current period is credited, the new plan's remainder of it
 * (or, for a longer interval, a whole new period from now) charged, and the difference is due now.
 * A downgrade waits for the period's end, when the reader renews at the new price. In a trial
 * nothing has been paid, so every change applies now and costs nothing until the trial ends.
 */
export type PlanChange =
  | {
      kind: 'now';
      direction: 'upgrade' | 'downgrade';
      creditMinor: number;
      chargeMinor: number;
      dueNowMinor: number;
      /** When the subscription next renews, and for how much: the new plan's price. */
      renewsAt: Date;
      renewalMinor: number;
    }
  | { kind: 'at-period-end'; direction: 'downgrade'; effectiveAt: Date; renewalMinor: number }
  | { kind: 'refused'; reason: PlanChangeRefusal };

const refusalMessages: Record<PlanChangeRefusal, string> = {
  'same-plan': 'You are already on this plan',
  'plan-inactive': 'This plan is no longer on sale',
  'other-currency': 'This plan is billed in another currency',
  'not-active': 'Only a running subscription or trial can change plans',
  'change-scheduled': 'A change of plan is already scheduled; cancel it first',
  'introductory-price': 'You can change plans once your introductory offer has ended',
  'period-over': 'Your subscription is renewing; try again shortly',
};

export function describeRefusal(reason: PlanChangeRefusal): string {
  return refusalMessages[reason];
}

/** A change the rule refused, for the operations that were asked for it anyway. */
export class PlanChangeRefused extends DomainError {
  override name = 'PlanChangeRefused';
  readonly reason: PlanChangeRefusal;
  constructor(reason: PlanChangeRefusal) {
    super(refusalMessages[reason], { kind: 'conflict' }, { code: reason });
    this.reason = reason;
  }
}

/**
 * The start of the period that ends at `periodEnd`: one interval back. Dateline keeps only the
 * period's end; Stripe's period is the same calendar interval, so this is the start it prorates from.
 */
export function periodStartOf(periodEnd: Date, interval: Plan['interval']): Date {
  return addBillingInterval(periodEnd, interval, -1);
}

/**
 * `priceMinor × part ÷ whole`, rounded to the nearest minor unit, halves up, in exact integer
 * arithmetic: each proration line is rounded on its own, as on a Stripe invoice.
 */
export function prorateMinor(priceMinor: number, part: number, whole: number): number {
  const numerator = 2n * BigInt(priceMinor) * BigInt(part) + BigInt(whole);
  return Number(numerator / (2n * BigInt(whole)));
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const intervalRank = { month: 1, year: 12 } as const;

function refusalOf({
  subscription,
  current,
  chosen,
  now,
}: {
  subscription: ChangingSubscription;
  current: Plan;
  chosen: Plan;
  now: Date;
}): PlanChangeRefusal | null {
  if (chosen.id === current.id) return 'same-plan';
  if (!chosen.isActive) return 'plan-inactive';
  if (chosen.currency !== current.currency) return 'other-currency';
  if (subscription.status !== 'active' && subscription.status !== 'trialing') return 'not-active';
  if (subscription.hasScheduledChange) return 'change-scheduled';
  if (subscription.introPeriodsLeft > 0 && subscription.status === 'active') return 'introductory-price';
  if (now >= subscription.periodEnd) return 'period-over';
  return null;
}

/**
 * Whether the chosen plan is an upgrade: a longer interval always is (the reader commits for longer),
 * a shorter one never is (the year paid for runs its course); within one interval, a higher price.
 */
export function isUpgrade(current: Pick<Plan, 'interval' | 'priceMinor'>, chosen: Pick<Plan, 'interval' | 'priceMinor'>): boolean {
  if (chosen.interval !== current.interval) return intervalRank[chosen.interval] > intervalRank[current.interval];
  return chosen.priceMinor > current.priceMinor;
}

/**
 * What moving from `current` to `chosen` at `now` costs and when it happens. Proration is by the
 * second over the current period, as Stripe's is: credit = current price × unused ÷ period,
 * charge = chosen price × unused ÷ period (or the chosen price whole, from now, for a longer
 * interval, which restarts the billing cycle), each rounded to the nearest minor unit.
 */
export function decidePlanChange(input: { subscription: ChangingSubscription; current: Plan; chosen: Plan; now: Date }): PlanChange {
  const refusal = refusalOf(input);
  if (refusal) return { kind: 'refused', reason: refusal };
  const { subscription, current, chosen, now } = input;
  const direction = isUpgrade(current, chosen) ? 'upgrade' : 'downgrade';
  if (subscription.status === 'trialing') {
    return { kind: 'now', direction, creditMinor: 0, chargeMinor: 0, dueNowMinor: 0, renewsAt: subscription.periodEnd, renewalMinor: chosen.priceMinor };
  }
  if (direction === 'downgrade') return { kind: 'at-period-end', direction, effectiveAt: subscription.periodEnd, renewalMinor: chosen.priceMinor };
  const whole = Math.max(1, seconds(subscription.periodEnd.getTime() - subscription.periodStart.getTime()));
  const unused = Math.min(whole, seconds(subscription.periodEnd.getTime() - now.getTime()));
  const creditMinor = prorateMinor(current.priceMinor, unused, whole);
  const isNewCycle = chosen.interval !== current.interval;
  const chargeMinor = isNewCycle ? chosen.priceMinor : prorateMinor(chosen.priceMinor, unused, whole);
  return {
    kind: 'now',
    direction,
    creditMinor,
    chargeMinor,
    dueNowMinor: Math.max(0, chargeMinor - creditMinor),
    renewsAt: isNewCycle ? addBillingInterval(now, chosen.interval) : subscription.periodEnd,
    renewalMinor: chosen.priceMinor,
  };
}
