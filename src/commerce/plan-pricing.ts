import type { Plan } from './plan.ts';

/** What a plan costs a month, in minor units, rounded to the nearest: $99 a year is $8.25 a month. */
export function monthlyEquivalentMinor({ priceMinor, interval }: Pick<Plan, 'priceMinor' | 'interval'>): number {
  return interval === 'year' ? Math.round(priceMinor / 12) : priceMinor;
}

/**
 * The monthly plan a yearly one is measured against: on sale, in the same currency, and the
 * cheapest, so that the saving claimed is never more than a reader really saves.
 */
export function comparableMonthlyPlan(plan: Plan, plans: readonly Plan[]): Plan | null {
  const candidates = plans.filter((other) => other.isActive && other.interval === 'month' && other.currency === plan.currency && other.priceMinor > 0);
  return candidates.reduce<Plan | null>((cheapest, other) => (cheapest === null || other.priceMinor < cheapest.priceMinor ? other : cheapest), null);
}

/**
 * What a year of the yearly plan saves over twelve months of the monthly one, in whole percent
 * ($99 against $9.99 a month: 17); null when it saves nothing.
 */
export function annualSavingPercent(yearly: Pick<Plan, 'priceMinor'>, monthly: Pick<Plan, 'priceMinor'>): number | null {
  const twelveMonths = monthly.priceMinor * 12;
  if (twelveMonths <= 0) return null;
  const percent = Math.round((1 - yearly.priceMinor / twelveMonths) * 100);
  return percent > 0 ? percent : null;
}
