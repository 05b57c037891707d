/**
 * The meter: which metered articles a reader has read in the current period. A period is a
 * calendar month in the publication's time zone, named "YYYY-MM".
 */
export type Meter = {
  period: string;
  /** Distinct article ids, ascending. */
  articleIds: readonly number[];
};

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isPeriod(text: string): boolean {
  return periodPattern.test(text);
}

const periodFormatters = new Map<string, Intl.DateTimeFormat>();
// Months change on a minute boundary in every time zone, so the answer holds for the whole minute.
let lastPeriod = { timeZone: '', minute: Number.NaN, period: '' };

/** The calendar month `now` falls in, on the publication's clock. */
export function meterPeriodOf(now: Date, timeZone: string): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastPeriod.minute === minute && lastPeriod.timeZone === timeZone) return lastPeriod.period;
  let formatter = periodFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    periodFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const year = parts.find((part) => part.type === 'year')?.value;
  const month = parts.find((part) => part.type === 'month')?.value;
  const period = `${year}-${month}`;
  lastPeriod = { timeZone, minute, period };
  return period;
}

export function emptyMeter(period: string): Meter {
  return { period, articleIds: [] };
}

/** The meter as it stands this period: one from an earlier period starts again from nothing. */
export function meterForPeriod(meter: Meter | null, period: string): Meter {
  return meter !== null && meter.period === period ? meter : emptyMeter(period);
}

export function hasRead(meter: Meter, articleId: number): boolean {
  return meter.articleIds.includes(articleId);
}

export function withRead(meter: Meter, articleId: number): Meter {
  if (hasRead(meter, articleId)) return meter;
  return { period: meter.period, articleIds: [...meter.articleIds, articleId].sort((a, b) => a - b) };
}
