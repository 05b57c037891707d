import { parseAccessSettings, type AccessSettings } from '../access/access-settings.ts';
import type { Database } from '../db/database.ts';
import { readSettingsGroup, writeSettingsGroup } from './settings-repository.ts';

export async function readAccessSettings(db: Database): Promise<AccessSettings> {
  return readSettingsGroup(db, 'access', parseAccessSettings);
}

export async function writeAccessSettings(db: Database, settings: AccessSettings, now: Date): Promise<void> {
  await writeSettingsGroup(db, 'access', settings, parseAccessSettings, now);
}
