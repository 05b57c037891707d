import type { PublicationSettings } from '../../settings/publication-settings.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "November 27, 2026, 9:14 AM" in the publication's locale and time zone; formatters are reused. */
export function formatPublicationTime(date: Date, { locale, timeZone }: Pick<PublicationSettings, 'locale' | 'timeZone'>): string {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}
