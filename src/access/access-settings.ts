import type { MeteredReaderKind } from './reader.ts';
import { DomainError } from '../errors/domain-error.ts';

/** What the audience team sets: how many metered articles each kind of reader gets a month. */
export type AccessSettings = {
  meterLimits: Readonly<Record<MeteredReaderKind, number>>;
  /** How many blocks a new article shows before its paywall, until its writer says otherwise. */
  defaultPreviewBlocks: number;
  /** How many gift links a subscriber may give a month ("gift this article"); 0 turns gifts off. */
  giftsPerMonth: number;
};

export const defaultAccessSettings: AccessSettings = {
  meterLimits: { anonymous: 3, registered: 10 },
  defaultPreviewBlocks: 2,
  giftsPerMonth: 10,
};

/** The most gifts a month a setting may allow. */
export const maximumGiftsPerMonth = 100;

/** The most a meter can count; a higher limit would make the anonymous cookie too large. */
export const maximumMeterLimit = 100;

export class InvalidAccessSettingsError extends DomainError {
  override name = 'InvalidAccessSettingsError';
  constructor(message: string, field: string) {
    super(message, { kind: 'invalid', field });
  }
}

function parseLimit(value: unknown, kind: MeteredReaderKind): number {
  if (value === undefined) return defaultAccessSettings.meterLimits[kind];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maximumMeterLimit) {
    throw new InvalidAccessSettingsError(`The ${kind} meter limit must be a whole number from 0 to ${maximumMeterLimit}`, `meterLimits.${kind}`);
  }
  return value;
}

export function parseAccessSettings(input: {
  meterLimits?: Partial<Record<MeteredReaderKind, unknown>>;
  defaultPreviewBlocks?: unknown;
  giftsPerMonth?: unknown;
}): AccessSettings {
  const preview = input.defaultPreviewBlocks ?? defaultAccessSettings.defaultPreviewBlocks;
  if (typeof preview !== 'number' || !Number.isInteger(preview) || preview < 0 || preview > 50) {
    throw new InvalidAccessSettingsError('The default preview length must be a whole number of blocks from 0 to 50', 'defaultPreviewBlocks');
  }
  const gifts = input.giftsPerMonth ?? defaultAccessSettings.giftsPerMonth;
  if (typeof gifts !== 'number' || !Number.isInteger(gifts) || gifts < 0 || gifts > maximumGiftsPerMonth) {
    throw new InvalidAccessSettingsError(`The gifts a subscriber may give a month must be a whole number from 0 to ${maximumGiftsPerMonth}`, 'giftsPerMonth');
  }
  return {
    meterLimits: {
      anonymous: parseLimit(input.meterLimits?.anonymous, 'anonymous'),
      registered: parseLimit(input.meterLimits?.registered, 'registered'),
    },
    defaultPreviewBlocks: preview,
    giftsPerMonth: gifts,
  };
}
