import { DomainError } from '../errors/domain-error.ts';

/** How the publication presents itself: its name, tagline, language and clock. */
export type PublicationSettings = {
  name: string;
  tagline: string;
  /** BCP 47 locale for dates and numbers, e.g. en-US. */
  locale: string;
  /** IANA time zone the publication's dates (and later its meter months) are counted in. */
  timeZone: string;
};

export const defaultPublicationSettings: PublicationSettings = {
  name: 'Dateline',
  tagline: 'News worth paying for',
  locale: 'en-US',
  timeZone: 'UTC',
};

export class InvalidSettingsError extends DomainError {
  override name = 'InvalidSettingsError';
  constructor(message: string, field: keyof PublicationSettings) {
    super(message, { kind: 'invalid', field });
  }
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

/** Checks stored or submitted settings, falling back to defaults for missing fields. */
export function parsePublicationSettings(input: Partial<Record<keyof PublicationSettings, unknown>>): PublicationSettings {
  const text = (key: keyof PublicationSettings): string => {
    const value = input[key];
    if (value === undefined) return defaultPublicationSettings[key];
    if (typeof value !== 'string') throw new InvalidSettingsError(`The setting ${key} must be text`, key);
    return value.trim();
  };
  const settings = { name: text('name'), tagline: text('tagline'), locale: text('locale'), timeZone: text('timeZone') };
  if (settings.name === '') throw new InvalidSettingsError('The publication needs a name', 'name');
  if (!isKnownLocale(settings.locale)) throw new InvalidSettingsError(`"${settings.locale}" is not a locale this server knows`, 'locale');
  if (!isKnownTimeZone(settings.timeZone)) throw new InvalidSettingsError(`"${settings.timeZone}" is not a time zone`, 'timeZone');
  return settings;
}
