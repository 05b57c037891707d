import { parseLocalDateTime, wallClockOf, type WallClock } from '../settings/local-date-time.ts';

/**
 * The dates of a gift subscription on the publication's clock (its time zone, as the meter's month):
 * the day it is delivered, and the day access ends. A "month" is a calendar month, not thirty days.
 */

/** How long a gift subscription may last; the buyer picks one. */
export const giftDurations = [3, 6, 12] as const;
export type GiftDuration = (typeof giftDurations)[number];

export function isGiftDuration(months: number): months is GiftDuration {
  return giftDurations.some((duration) => duration === months);
}

/** How far ahead a buyer may set the delivery day: within a year of today. */
export const deliveryHorizonMonths = 12;

const two = (n: number) => String(n).padStart(2, '0');

function dayText({ year, month, day }: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same day `months` calendar months on, or the month's last day when it has no such day (31 January + 1 = 28 or 29 February). */
function addCalendarMonths<T extends Pick<WallClock, 'year' | 'month' | 'day'>>(date: T, months: number): T {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { ...date, year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** The publication's calendar day ("YYYY-MM-DD") an instant falls on. */
export function publicationDayOf(instant: Date, timeZone: string): string {
  return dayText(wallClockOf(instant, timeZone));
}

/**
 * When a gift chosen for a day is delivered: the start of that day on the publication's clock (the
 * job loop then sends it on its next round). Null for a text that is not a calendar day.
 */
export function deliveryMomentOf(deliveryDay: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deliveryDay)) return null;
  return parseLocalDateTime(`${deliveryDay}T00:00`, timeZone);
}

/** The days a buyer may choose for delivery: from the publication's today to the same day a year on. */
export function deliveryDayRange(now: Date, timeZone: string): { first: string; last: string } {
  const today = wallClockOf(now, timeZone);
  return { first: dayText(today), last: dayText(addCalendarMonths(today, deliveryHorizonMonths)) };
}

export type DeliveryDayRefusal = 'not-a-day' | 'in-the-past' | 'too-far-ahead';

/**
 * A delivery day the buyer may choose: a calendar day from today (the publication's today) to the
 * same day a year on. Days are compared as text, which orders "YYYY-MM-DD" as the calendar does.
 */
export function judgeDeliveryDay(
  text: string,
  { now, timeZone }: { now: Date; timeZone: string },
): { kind: 'accepted'; day: string } | { kind: 'refused'; reason: DeliveryDayRefusal } {
  const day = text.trim();
  if (deliveryMomentOf(day, timeZone) === null) return { kind: 'refused', reason: 'not-a-day' };
  const { first, last } = deliveryDayRange(now, timeZone);
  if (day < first) return { kind: 'refused', reason: 'in-the-past' };
  if (day > last) return { kind: 'refused', reason: 'too-far-ahead' };
  return { kind: 'accepted', day };
}

/**
 * When access from a gift ends: `months` calendar months after it begins, at the same time of day
 * on the publication's clock (a month's missing day becomes its last). Where that wall-clock time
 * does not exist (the hour a clock skips), the zone's offset before the change is used.
 */
export function accessEndOf(startsAt: Date, months: number, timeZone: string): Date {
  const end = addCalendarMonths(wallClockOf(startsAt, timeZone), months);
  const instant = parseLocalDateTime(`${dayText(end)}T${two(end.hour)}:${two(end.minute)}`, timeZone);
  if (instant === null) throw new RangeError(`No instant for ${dayText(end)} in ${timeZone}`);
  // Seconds are not on the wall clock: keep the start's, so a month is never a few seconds short.
  return new Date(instant.getTime() + (startsAt.getTime() % 60_000));
}
