import type { SubscriptionState } from './subscription.ts';

/**
 * Dunning: what Dateline does while a subscriber's payment is failing. The rules here are pure;
 * dunning-jobs.ts applies them on the job loop's clock.
 */

const dayMs = 24 * 60 * 60 * 1000;

/** The days of the grace period, counted from the first failed payment, on which the reader is reminded. */
export const dunningReminderDays = [0, 3, 6] as const;
export type DunningReminderDay = (typeof dunningReminderDays)[number];

/** How long before a card runs out its holder is warned. */
export const cardExpiryWarningMs = 30 * dayMs;

/** Whether a subscription's payment is failing and the reader still reads in the grace period: when the banner shows. */
export function isInGracePeriod(state: SubscriptionState, { now, gracePeriodMs }: { now: Date; gracePeriodMs: number }): boolean {
  return state.status === 'past_due' && state.pastDueSince !== null && now.getTime() < state.pastDueSince.getTime() + gracePeriodMs;
}

/**
 * The reminder to send now, if any: the latest reminder day reached within the grace period that
 * has not been sent. A reminder missed (the job loop was down) is not sent late once a later one is
 * due, so a reader never gets two at once, and nothing goes out after access has ended.
 */
export function dueReminderDay({
  pastDueSince,
  now,
  gracePeriodMs,
  sentDays,
}: {
  pastDueSince: Date;
  now: Date;
  gracePeriodMs: number;
  sentDays: readonly number[];
}): DunningReminderDay | null {
  const elapsed = now.getTime() - pastDueSince.getTime();
  if (elapsed < 0 || elapsed >= gracePeriodMs) return null;
  const reached = dunningReminderDays.filter((day) => day * dayMs <= elapsed && day * dayMs < gracePeriodMs);
  const latest = reached.at(-1);
  if (latest === undefined) return null;
  return sentDays.some((sent) => sent >= latest) ? null : latest;
}

/** The first moment a card no longer pays: it is good through the last day of the month printed on it. */
export function cardExpiresAt({ expiryMonth, expiryYear }: { expiryMonth: number; expiryYear: number }): Date {
  return new Date(Date.UTC(expiryYear, expiryMonth, 1));
}

/** Whether to warn the card's holder now: within 30 days of its running out, once for each card. */
export function isCardExpiryWarningDue(card: { expiryMonth: number; expiryYear: number; expiryWarnedAt: Date | null }, { now }: { now: Date }): boolean {
  if (card.expiryWarnedAt !== null) return false;
  const expiresAt = cardExpiresAt(card).getTime();
  return now.getTime() >= expiresAt - cardExpiryWarningMs && now.getTime() < expiresAt;
}
