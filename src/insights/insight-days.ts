/** The insights' days: UTC calendar days written `YYYY-MM-DD`, as the rollups are keyed. */
export type Day = string;

const dayMs = 86_400_000;

export function dayOf(instant: Date): Day {
  return instant.toISOString().slice(0, 10);
}

export function startOfDay(day: Day): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: Day, days: number): Day {
  return dayOf(new Date(startOfDay(day).getTime() + days * dayMs));
}

/** The days from `first` to `last`, both included. */
export function daysFrom(first: Day, last: Day): Day[] {
  const days: Day[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The last day of the day's month. */
export function lastDayOfMonth(day: Day): Day {
  const start = startOfDay(day);
  return dayOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)));
}

/**
 * How to read a span of days from the rollups: the whole months inside it that have been merged
 * (their last day final, on or before `lastFinal`) from their monthly sketches, every other day from
 * its own.
 */
export function coverOfSpan({ first, last }: { first: Day; last: Day }, lastFinal: Day | null): { months: string[]; days: Day[] } {
  const months: string[] = [];
  const days: Day[] = [];
  let day = first;
  while (day <= last) {
    const monthEnd = lastDayOfMonth(day);
    if (day.endsWith('-01') && monthEnd <= last && lastFinal !== null && monthEnd <= lastFinal) {
      months.push(day.slice(0, 7));
      day = addDays(monthEnd, 1);
    } else {
      days.push(day);
      day = addDays(day, 1);
    }
  }
  return { months, days };
}
