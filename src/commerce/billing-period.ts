import type { BillingInterval } from './plan.ts';

/** The end of a billing period that starts at `start`: a calendar month or year later, the day clamped to the month's length. */
export function addBillingInterval(start: Date, interval: BillingInterval, count = 1): Date {
  const months = interval === 'month' ? count : 12 * count;
  const target = new Date(start);
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

export function addDays(start: Date, days: number): Date {
  return new Date(start.getTime() + days * 24 * 60 * 60 * 1000);
}
