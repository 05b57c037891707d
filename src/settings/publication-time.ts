import type { PublicationSettings } from './publication-settings.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "November 27, 2026 at 9:14 AM EST" in the publication's locale and time zone, the zone named as
 * the locale names it, since readers are anywhere. Formatters are reused.
 */
export function formatPublicationTime(date: Date, { locale, timeZone }: Pick<PublicationSettings, 'locale' | 'timeZone'>): string {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // dateStyle and timeStyle cannot name the zone, so the parts are spelled out as dateStyle long and timeStyle short give them.
    formatter = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}
