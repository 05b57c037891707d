import type { Database } from '../db/database.ts';
import { readSettingsGroup, writeSettingsGroup } from '../settings/settings-repository.ts';
import { DomainError } from '../errors/domain-error.ts';

/** The business team's settings for subscriptions. */
export type CommerceSettings = {
  /** How long a subscription whose payment failed keeps full access. */
  gracePeriodDays: number;
  /** How many days before a trial ends the reader is reminded. */
  trialReminderDays: number;
};

export const defaultCommerceSettings: CommerceSettings = { gracePeriodDays: 7, trialReminderDays: 3 };

export class InvalidCommerceSettingsError extends DomainError {
  override name = 'InvalidCommerceSettingsError';
  constructor(message: string, field: keyof CommerceSettings) {
    super(message, { kind: 'invalid', field });
  }
}

function days(value: unknown, name: keyof CommerceSettings): number {
  if (value === undefined) return defaultCommerceSettings[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 60) {
    throw new InvalidCommerceSettingsError(`${name} must be a whole number of days from 0 to 60`, name);
  }
  return value;
}

export function parseCommerceSettings(input: Partial<Record<keyof CommerceSettings, unknown>>): CommerceSettings {
  return { gracePeriodDays: days(input.gracePeriodDays, 'gracePeriodDays'), trialReminderDays: days(input.trialReminderDays, 'trialReminderDays') };
}

export async function readCommerceSettings(db: Database): Promise<CommerceSettings> {
  return readSettingsGroup(db, 'commerce', parseCommerceSettings);
}

export function gracePeriodMsOf(settings: CommerceSettings): number {
  return settings.gracePeriodDays * 24 * 60 * 60 * 1000;
}

export async function writeCommerceSettings(db: Database, settings: CommerceSettings, now: Date): Promise<void> {
  await writeSettingsGroup(db, 'commerce', settings, parseCommerceSettings, now);
}
