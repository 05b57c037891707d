/** Wall-clock times on the publication's clock, as datetime-local fields show and send them. */

/** A wall-clock reading: what a clock in the time zone shows at an instant. */
export type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

// Building a formatter costs far more than using one: one per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of an instant in a time zone. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-11-28T09:00" in the publication's time zone to an instant: the zone's offset at that
 * wall-clock time is found by formatting the naive UTC reading back in the zone.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const zone = wallClockOf(new Date(naive), timeZone);
  const asZone = Date.UTC(zone.year, zone.month - 1, zone.day, zone.hour, zone.minute);
  const result = new Date(naive - (asZone - naive));
  return Number.isNaN(result.getTime()) ? null : result;
}

/** The wall-clock reading of an instant in a time zone, for a datetime-local field. */
export function formatLocalDateTime(date: Date, timeZone: string): string {
  const { year, month, day, hour, minute } = wallClockOf(date, timeZone);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}`;
}
