import type { BillingInterval } from '../commerce/plan.ts';
import type { SubscriptionStatus } from '../commerce/subscription.ts';

/**
 * Revenue, read from the commerce tables themselves (subscriptions and the payment ledger), never
 * from the insights ledger, so its totals are the commerce tables' totals. A subscription's
 * history is read off its row: it pays from its start (or its trial's end, once converted) until it
 * expired, and an expired subscription changes no more, so its last update is when it expired.
 */
export type SubscriptionHistory = {
  id: number;
  accountId: number;
  planId: number;
  offerId: number | null;
  status: SubscriptionStatus;
  resumeTo: 'trialing' | 'active' | null;
  endedFrom: 'trial' | 'subscription' | null;
  startedAt: Date;
  trialEnd: Date | null;
  /** When the row last changed: for an expired subscription, when it expired. */
  updatedAt: Date;
};

export type PlanPrice = { id: number; name: string; priceMinor: number; currency: string; interval: BillingInterval };

export type Period = { from: Date; to: Date };

/** Whether a trial became a paid subscription: it left the trial other than by ending. */
export function hasConverted(subscription: SubscriptionHistory): boolean {
  if (subscription.trialEnd === null) return true;
  switch (subscription.status) {
    case 'trialing':
      return false;
    case 'canceled':
      return subscription.resumeTo === 'active';
    case 'expired':
      return subscription.endedFrom === 'subscription';
    default:
      return true;
  }
}

/** When the subscription ended, or null while it runs. */
export function endedAt(subscription: SubscriptionHistory): Date | null {
  return subscription.status === 'expired' ? subscription.updatedAt : null;
}

/** When it began to pay: at its start, or when its trial ended; null if it never paid. */
export function payingFrom(subscription: SubscriptionHistory): Date | null {
  if (!hasConverted(subscription)) return null;
  return subscription.trialEnd ?? subscription.startedAt;
}

/** Whether it was a paying subscription at that instant: converted, begun, not yet ended. Past-due and canceled-to-the-period's-end ones still count. */
export function isPayingAt(subscription: SubscriptionHistory, at: Date): boolean {
  const from = payingFrom(subscription);
  const until = endedAt(subscription);
  return from !== null && from <= at && (until === null || at < until);
}

/** Whether it was running at all (trial or paid) at that instant. */
export function isRunningAt(subscription: SubscriptionHistory, at: Date): boolean {
  const until = endedAt(subscription);
  return subscription.startedAt <= at && (until === null || at < until);
}

/** The plan's price for a month, in hundredths of the minor unit kept exact until the total is rounded: a yearly plan counts a twelfth. */
function monthlyMinor(plan: PlanPrice): number {
  return plan.interval === 'year' ? plan.priceMinor / 12 : plan.priceMinor;
}

export type AmountByCurrency = Record<string, number>;

/** Monthly recurring revenue at an instant: the paying subscriptions' plans at their list price a month, by currency. */
export function monthlyRecurringRevenue(subscriptions: readonly SubscriptionHistory[], plans: ReadonlyMap<number, PlanPrice>, at: Date): AmountByCurrency {
  const totals: AmountByCurrency = {};
  for (const subscription of subscriptions) {
    const plan = plans.get(subscription.planId);
    if (plan === undefined || !isPayingAt(subscription, at)) continue;
    totals[plan.currency] = (totals[plan.currency] ?? 0) + monthlyMinor(plan);
  }
  for (const currency of Object.keys(totals)) totals[currency] = Math.round(totals[currency] ?? 0);
  return totals;
}

export type SubscriptionMovement = {
  /** Paying subscriptions at the period's start and at its end (or now, if it has not ended). */
  payingAtStart: number;
  payingAtEnd: number;
  mrrAtEnd: AmountByCurrency;
  /** Subscriptions started in the period, as trials and as paid ones. */
  startedTrials: number;
  startedPaid: number;
  /** Of those started, by readers who had had a subscription before. */
  reactivated: number;
  /** Paying subscriptions that ended in the period. */
  churned: number;
  /** Churned over paying at the start; null when none paid at the start. */
  churnRate: number | null;
  /** Trials whose trial ended in the period, and how many of them went on to pay. */
  trialsEnded: number;
  trialsConverted: number;
  trialConversion: number | null;
};

const within = (at: Date, { from, to }: Period) => from <= at && at < to;

/** How subscriptions moved in a period; `now` stands for a period's end that has not come yet. */
export function measureSubscriptions(
  subscriptions: readonly SubscriptionHistory[],
  plans: ReadonlyMap<number, PlanPrice>,
  { period, now }: { period: Period; now: Date },
): SubscriptionMovement {
  const end = period.to < now ? period.to : now;
  const payingAtStart = subscriptions.filter((subscription) => isPayingAt(subscription, period.from)).length;
  const started = subscriptions.filter((subscription) => within(subscription.startedAt, period));
  const firstStartOf = new Map<number, Date>();
  for (const subscription of subscriptions) {
    const first = firstStartOf.get(subscription.accountId);
    if (first === undefined || subscription.startedAt < first) firstStartOf.set(subscription.accountId, subscription.startedAt);
  }
  const churned = subscriptions.filter((subscription) => {
    const from = payingFrom(subscription);
    const until = endedAt(subscription);
    return from !== null && until !== null && from < until && within(until, period);
  }).length;
  // A trial decided in the period: its end has passed and it has converted or ended.
  const trialsEnded = subscriptions.filter(
    (subscription) =>
      subscription.trialEnd !== null &&
      within(subscription.trialEnd, period) &&
      subscription.trialEnd <= now &&
      (hasConverted(subscription) || subscription.status === 'expired'),
  );
  const trialsConverted = trialsEnded.filter(hasConverted).length;
  return {
    payingAtStart,
    payingAtEnd: subscriptions.filter((subscription) => isPayingAt(subscription, end)).length,
    mrrAtEnd: monthlyRecurringRevenue(subscriptions, plans, end),
    startedTrials: started.filter((subscription) => subscription.trialEnd !== null).length,
    startedPaid: started.filter((subscription) => subscription.trialEnd === null).length,
    reactivated: started.filter((subscription) => (firstStartOf.get(subscription.accountId) ?? subscription.startedAt) < subscription.startedAt).length,
    churned,
    churnRate: payingAtStart === 0 ? null : churned / payingAtStart,
    trialsEnded: trialsEnded.length,
    trialsConverted,
    trialConversion: trialsEnded.length === 0 ? null : trialsConverted / trialsEnded.length,
  };
}

/** How many of the sorted instants are at or before `at`. */
function countUpTo(sorted: readonly number[], at: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A day's paying subscriptions (at the day's end, or now for today), for the chart of the period:
 * those begun paying by then less those ended by then, over the sorted starts and ends, so a year of
 * days costs a search each rather than a pass over every subscription.
 */
export function payingByDay(subscriptions: readonly SubscriptionHistory[], { dayEnds, now }: { dayEnds: readonly Date[]; now: Date }): number[] {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const subscription of subscriptions) {
    const from = payingFrom(subscription);
    const until = endedAt(subscription);
    if (from === null || (until !== null && until <= from)) continue;
    starts.push(from.getTime());
    if (until !== null) ends.push(until.getTime());
  }
  starts.sort((a, b) => a - b);
  ends.sort((a, b) => a - b);
  return dayEnds.map((dayEnd) => {
    const at = Math.min(dayEnd.getTime(), now.getTime());
    return countUpTo(starts, at) - countUpTo(ends, at);
  });
}

export type Cohort = {
  /** `YYYY-MM`: the month the subscriptions started in (UTC). */
  month: string;
  started: number;
  /** For each month from the start's (0) to the last one ended or current: the share still running at its end. */
  retained: number[];
};

function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

function endOfMonth(month: string, plus: number): Date {
  const [year = 0, monthNumber = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, monthNumber - 1 + plus + 1, 1));
}

/** Retention by month of start: of the subscriptions started in each of the `months` months to `until`, the share still running at the end of each month since. */
export function cohortRetention(subscriptions: readonly SubscriptionHistory[], { until, months, now }: { until: Date; months: number; now: Date }): Cohort[] {
  const lastMonth = monthOf(until);
  const cohortMonths = Array.from({ length: months }, (_, index) => monthOf(new Date(endOfMonth(lastMonth, index - months + 1).getTime() - 1)));
  const byMonth = new Map<string, SubscriptionHistory[]>();
  for (const subscription of subscriptions) {
    const month = monthOf(subscription.startedAt);
    byMonth.set(month, [...(byMonth.get(month) ?? []), subscription]);
  }
  return cohortMonths.flatMap((month) => {
    const cohort = byMonth.get(month) ?? [];
    if (cohort.length === 0) return [];
    const retained: number[] = [];
    for (let plus = 0; ; plus += 1) {
      const monthEnd = endOfMonth(month, plus);
      const at = monthEnd < now ? monthEnd : now;
      retained.push(cohort.filter((subscription) => isRunningAt(subscription, at)).length / cohort.length);
      if (monthEnd >= now || monthOf(monthEnd) > lastMonth) break;
    }
    return [{ month, started: cohort.length, retained }];
  });
}

/** One group of the payment ledger's lines in a period, as the repository sums them. */
export type PaymentTotal = {
  kind: 'charge' | 'refund';
  status: 'succeeded' | 'failed';
  currency: string;
  /** Null once the subscription is gone (its reader erased). */
  subscriptionId: number | null;
  payments: number;
  amountMinor: number;
};

export type RevenueLine = {
  planId: number | null;
  offerId: number | null;
  currency: string;
  charges: number;
  chargedMinor: number;
  refunds: number;
  refundedMinor: number;
};

export type Takings = {
  /** Charges that went through, refunds paid back, and what is left, by currency. */
  chargedMinor: AmountByCurrency;
  refundedMinor: AmountByCurrency;
  netMinor: AmountByCurrency;
  charges: number;
  refunds: number;
  failedCharges: number;
  /** By plan and offer (null: a payment whose subscription is gone, or taken without an offer). */
  lines: RevenueLine[];
};

const add = (totals: AmountByCurrency, currency: string, amount: number) => {
  totals[currency] = (totals[currency] ?? 0) + amount;
};

/** What the payment ledger took in a period, from its sums, by the plan and offer of each payment's subscription. */
export function summariseTakings(
  totals: readonly PaymentTotal[],
  subscriptions: ReadonlyMap<number, Pick<SubscriptionHistory, 'planId' | 'offerId'>>,
): Takings {
  const takings: Takings = { chargedMinor: {}, refundedMinor: {}, netMinor: {}, charges: 0, refunds: 0, failedCharges: 0, lines: [] };
  const lines = new Map<string, RevenueLine>();
  for (const total of totals) {
    if (total.status === 'failed') {
      if (total.kind === 'charge') takings.failedCharges += total.payments;
      continue;
    }
    const subscription = total.subscriptionId === null ? undefined : subscriptions.get(total.subscriptionId);
    const [planId, offerId] = [subscription?.planId ?? null, subscription?.offerId ?? null];
    const key = `${planId}|${offerId}|${total.currency}`;
    const line = lines.get(key) ?? {
      planId,
      offerId,
      currency: total.currency,
      charges: 0,
      chargedMinor: 0,
      refunds: 0,
      refundedMinor: 0,
    };
    if (total.kind === 'charge') {
      takings.charges += total.payments;
      add(takings.chargedMinor, total.currency, total.amountMinor);
      add(takings.netMinor, total.currency, total.amountMinor);
      line.charges += total.payments;
      line.chargedMinor += total.amountMinor;
    } else {
      takings.refunds += total.payments;
      add(takings.refundedMinor, total.currency, total.amountMinor);
      add(takings.netMinor, total.currency, -total.amountMinor);
      line.refunds += total.payments;
      line.refundedMinor += total.amountMinor;
    }
    lines.set(key, line);
  }
  takings.lines = [...lines.values()].sort((a, b) => b.chargedMinor - b.refundedMinor - (a.chargedMinor - a.refundedMinor));
  return takings;
}
