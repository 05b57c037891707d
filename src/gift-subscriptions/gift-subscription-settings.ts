import type { Database } from '../db/database.ts';
import { DomainError } from '../errors/domain-error.ts';
import { readSettingsGroup, writeSettingsGroup } from '../settings/settings-repository.ts';
import { type GiftDuration, giftDurations } from './gift-calendar.ts';

/**
 * What the publication sets for gift subscriptions: the plan whose access a gift gives (the plan's
 * currency is the gifts' currency), the price of each duration (null: not on sale), how many days
 * before a gift ends its recipient is reminded, and the offer the reminder's link continues with.
 * Gifts are on sale once a plan and at least one price are set.
 */
export type GiftSubscriptionSettings = {
  planId: number | null;
  pricesMinor: Record<GiftDuration, number | null>;
  reminderDays: number;
  continuationOfferId: number | null;
};

export const defaultGiftSubscriptionSettings: GiftSubscriptionSettings = {
  planId: null,
  pricesMinor: { 3: null, 6: null, 12: null },
  reminderDays: 14,
  continuationOfferId: null,
};

export class InvalidGiftSubscriptionSettingsError extends DomainError {
  override name = 'InvalidGiftSubscriptionSettingsError';
  constructor(message: string, field: string) {
    super(message, { kind: 'invalid', field });
  }
}

function idOrNull(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new InvalidGiftSubscriptionSettingsError(`${field} must name a plan or offer, or be empty`, field);
  return value;
}

function priceOrNull(value: unknown, months: GiftDuration): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > 100_000_000) {
    throw new InvalidGiftSubscriptionSettingsError(`The price of ${months} months must be a whole amount in cents above zero, or empty`, `price${months}`);
  }
  return value;
}

export function parseGiftSubscriptionSettings(input: Record<string, unknown>): GiftSubscriptionSettings {
  const prices: unknown = input.pricesMinor;
  const priceOf = (months: GiftDuration): unknown => (typeof prices === 'object' && prices !== null ? Reflect.get(prices, String(months)) : undefined);
  const reminderDays = input.reminderDays ?? defaultGiftSubscriptionSettings.reminderDays;
  if (typeof reminderDays !== 'number' || !Number.isInteger(reminderDays) || reminderDays < 1 || reminderDays > 60) {
    throw new InvalidGiftSubscriptionSettingsError('reminderDays must be a whole number of days from 1 to 60', 'reminderDays');
  }
  return {
    planId: idOrNull(input.planId, 'planId'),
    pricesMinor: { 3: priceOrNull(priceOf(3), 3), 6: priceOrNull(priceOf(6), 6), 12: priceOrNull(priceOf(12), 12) },
    reminderDays,
    continuationOfferId: idOrNull(input.continuationOfferId, 'continuationOfferId'),
  };
}

/** The durations on sale with their prices, shortest first; none while no plan is chosen. */
export function durationsOnSale(settings: GiftSubscriptionSettings): { months: GiftDuration; priceMinor: number }[] {
  if (settings.planId === null) return [];
  return giftDurations.flatMap((months) => {
    const priceMinor = settings.pricesMinor[months];
    return priceMinor === null ? [] : [{ months, priceMinor }];
  });
}

export async function readGiftSubscriptionSettings(db: Database): Promise<GiftSubscriptionSettings> {
  return readSettingsGroup(db, 'gift-subscriptions', parseGiftSubscriptionSettings);
}

export async function writeGiftSubscriptionSettings(db: Database, settings: GiftSubscriptionSettings, now: Date): Promise<void> {
  await writeSettingsGroup(db, 'gift-subscriptions', settings, (given) => parseGiftSubscriptionSettings({ ...given }), now);
}
