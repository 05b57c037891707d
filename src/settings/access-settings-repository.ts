import { parseAccessSettings, type AccessSettings } from '../access/access-settings.ts';
import type { Database } from '../db/database.ts';
import { readSettingsGroup, writeSettingsGroup } from './settings-repository.ts';

export async function readAccessSettings(db: Database): Promise<AccessSettings> {
  return readSettingsGroup(db, 'access', parseAccessSettings);
}

/** Saves the access settings; a setting left out (one added since the caller was written) takes its default. */
export async function writeAccessSettings(
  db: Database,
  settings: Omit<AccessSettings, 'giftsPerMonth'> & Partial<Pick<AccessSettings, 'giftsPerMonth'>>,
  now: Date,
): Promise<void> {
  await writeSettingsGroup(db, 'access', parseAccessSettings(settings), parseAccessSettings, now);
}
