import { paywallOfferCount } from '../commerce/offer-rules.ts';
import { DomainError } from '../errors/domain-error.ts';
import { maximumMeterLimit } from './access-settings.ts';

/**
 * Where the paywall's lines are drawn beyond the meter's limits, as an experiment ships them:
 * after how many metered articles an anonymous reader is asked to register (null: never, they read
 * their meter and then meet the subscription wall), and which offers the paywall shows (null: the
 * best ones, as ranked).
 */
export type PaywallSettings = { registrationWallAfter: number | null; offerIds: readonly number[] | null };

export const defaultPaywallSettings: PaywallSettings = { registrationWallAfter: null, offerIds: null };

export class InvalidPaywallSettingsError extends DomainError {
  override name = 'InvalidPaywallSettingsError';
  constructor(message: string, field: string) {
    super(message, { kind: 'invalid', field });
  }
}

/** A registration wall's place: null, or a whole number of articles from 0 to the meter's maximum. */
export function parseRegistrationWallAfter(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maximumMeterLimit) {
    throw new InvalidPaywallSettingsError(
      `The registration wall must stand after a whole number of articles from 0 to ${maximumMeterLimit}`,
      'registrationWallAfter',
    );
  }
  return value;
}

/** The paywall's offers: null, or from one to as many distinct offers as a paywall shows. */
export function parsePaywallOfferIds(value: unknown): readonly number[] | null {
  if (value === null || value === undefined) return null;
  const isList = Array.isArray(value) && value.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id > 0);
  if (!isList || value.length === 0 || value.length > paywallOfferCount || new Set(value).size !== value.length) {
    throw new InvalidPaywallSettingsError(`The paywall shows from 1 to ${paywallOfferCount} different offers`, 'offerIds');
  }
  return value;
}

export function parsePaywallSettings(input: { registrationWallAfter?: unknown; offerIds?: unknown }): PaywallSettings {
  return { registrationWallAfter: parseRegistrationWallAfter(input.registrationWallAfter), offerIds: parsePaywallOfferIds(input.offerIds) };
}
