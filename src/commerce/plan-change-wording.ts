import { formatMoney } from './money.ts';
import { describeRefusal, type PlanChange } from './plan-change.ts';
import type { Plan } from './plan.ts';

type Wording = { locale: string; timeZone: string; now: Date };

/** "January 3"; with the year when the day is more than half a year off, where the month alone would mislead. */
export function formatChangeDay(date: Date, { locale, timeZone, now }: Wording): string {
  const isFar = Math.abs(date.getTime() - now.getTime()) > 183 * 24 * 60 * 60 * 1000;
  return new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', ...(isFar ? { year: 'numeric' } : {}), timeZone }).format(date);
}

const priceOf = (plan: Pick<Plan, 'currency'>, amountMinor: number, locale: string) => formatMoney({ amountMinor, currency: plan.currency }, locale);

/**
 * What a change means for the reader, in one sentence: "You pay $2.50 today; from January 3 you
 * pay $15 a month", "From January 3 you move to Digital at $10 a month; until then you keep
 * Premium", or why they cannot make it.
 */
export function describePlanChange(change: PlanChange, { current, chosen }: { current: Plan; chosen: Plan }, wording: Wording): string {
  const { locale } = wording;
  switch (change.kind) {
    case 'now': {
      const from = `from ${formatChangeDay(change.renewsAt, wording)} you pay ${priceOf(chosen, change.renewalMinor, locale)} a ${chosen.interval}`;
      return change.dueNowMinor > 0 ? `You pay ${priceOf(chosen, change.dueNowMinor, locale)} today; ${from}` : `You pay nothing today; ${from}`;
    }
    case 'at-period-end':
      return `From ${formatChangeDay(change.effectiveAt, wording)} you move to ${chosen.name} at ${priceOf(chosen, change.renewalMinor, locale)} a ${chosen.interval}; until then you keep ${current.name}`;
    case 'refused':
      return describeRefusal(change.reason);
  }
}

/** A waiting downgrade as the account page tells it. */
export function describeScheduledChange({ from, to, effectiveAt }: { from: Plan; to: Plan; effectiveAt: Date }, wording: Wording): string {
  return `From ${formatChangeDay(effectiveAt, wording)} you move to ${to.name} at ${priceOf(to, to.priceMinor, wording.locale)} a ${to.interval}; until then you keep ${from.name}`;
}
