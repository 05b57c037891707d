import { DomainError } from '../errors/domain-error.ts';
import { addDays, dayOf, startOfDay, type Day } from './insight-days.ts';

/** The days a page of insights covers, both included, and the same number of days just before, to compare with. */
export type InsightPeriod = { first: Day; last: Day; days: number; previous: { first: Day; last: Day } };

export const defaultPeriodDays = 30;
/** Two years at most: a longer span reads more rollups than a page should wait for. */
export const longestPeriodDays = 731;

export class InvalidPeriodError extends DomainError {
  override name = 'InvalidPeriodError';
  constructor(message: string, field: 'from' | 'to') {
    super(message, { kind: 'invalid', field });
  }
}

function parseDay(text: string, field: 'from' | 'to'): Day {
  const label = field === 'from' ? 'start' : 'end';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(startOfDay(text).getTime()) || dayOf(startOfDay(text)) !== text) {
    throw new InvalidPeriodError(`The period's ${label} must be a date written YYYY-MM-DD, such as 2026-11-01.`, field);
  }
  return text;
}

const daysBetween = (first: Day, last: Day) => Math.round((startOfDay(last).getTime() - startOfDay(first).getTime()) / 86_400_000) + 1;

/** The period asked for: both ends given, one, or neither (the last 30 days to today). A period cannot end after today or run backwards. */
export function parsePeriod({ from, to, today }: { from: string | undefined; to: string | undefined; today: Day }): InsightPeriod {
  const last = to === undefined || to === '' ? today : parseDay(to, 'to');
  if (last > today) throw new InvalidPeriodError('The period cannot end after today.', 'to');
  const first = from === undefined || from === '' ? addDays(last, 1 - defaultPeriodDays) : parseDay(from, 'from');
  if (first > last) throw new InvalidPeriodError("The period's start must come before its end.", 'from');
  const days = daysBetween(first, last);
  if (days > longestPeriodDays) throw new InvalidPeriodError(`A period is at most ${longestPeriodDays} days.`, 'from');
  return { first, last, days, previous: { first: addDays(first, -days), last: addDays(first, -1) } };
}

/** The instants a span of days covers: from the first day's start to the day after the last. */
export function instantsOf({ first, last }: { first: Day; last: Day }): { from: Date; to: Date } {
  return { from: startOfDay(first), to: startOfDay(addDays(last, 1)) };
}
