import { parsePaywallSettings, type PaywallSettings } from '../access/paywall-settings.ts';
import type { Database } from '../db/database.ts';
import { readSettingsGroup, writeSettingsGroup } from './settings-repository.ts';

export async function readPaywallSettings(db: Database): Promise<PaywallSettings> {
  return readSettingsGroup(db, 'paywall', parsePaywallSettings);
}

/** Saves where the paywall's lines stand; readers see the change on their next request. */
export async function writePaywallSettings(db: Database, settings: PaywallSettings, now: Date): Promise<void> {
  await writeSettingsGroup(db, 'paywall', settings, parsePaywallSettings, now);
}
