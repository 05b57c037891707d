import { DomainError } from '../errors/domain-error.ts';

/**
 * How long the insights ledger keeps its events: a setting, so a publication can keep less (or, to
 * compare a season with the same one a year before, a little more than a year). Older events are
 * deleted by the job loop (insight-keeping-repository.ts).
 */
export type InsightKeeping = { keepDays: number };

export const insightKeepingLimits = { keepDays: { min: 30, max: 1_100 } } as const;
/** Thirteen months and a bit: a month compares with the same month a year before, and nothing older stays. */
export const defaultInsightKeeping: InsightKeeping = { keepDays: 400 };

export class InvalidInsightKeepingError extends DomainError {
  override name = 'InvalidInsightKeepingError';
  constructor(message: string) {
    super(message, { kind: 'invalid', field: 'keepDays' });
  }
}

/** The setting from a form or from storage: a whole number of days within the limits; anything else is refused with the reason. */
export function parseInsightKeeping(input: Record<string, unknown>): InsightKeeping {
  const given = input.keepDays ?? defaultInsightKeeping.keepDays;
  const text = typeof given === 'number' ? String(given) : typeof given === 'string' ? given.trim() : '';
  const { min, max } = insightKeepingLimits.keepDays;
  const days = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(days >= min && days <= max)) throw new InvalidInsightKeepingError(`Keep the events for a whole number of days from ${min} to ${max}`);
  return { keepDays: days };
}

/** The moment before which events are deleted. */
export function insightCutoffOf({ keepDays }: InsightKeeping, now: Date): Date {
  return new Date(now.getTime() - keepDays * 86_400_000);
}
