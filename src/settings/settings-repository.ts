import type { Database } from '../db/database.ts';
import { bumpContentVersion } from './content-version.ts';
import { parsePublicationSettings, type PublicationSettings } from './publication-settings.ts';
import type { AccessMessages } from '../access/messages.ts';
import { parseMessageOverrides, readMessageOverrides } from './message-overrides.ts';

/** One group of settings, stored as JSON under its key and read through its parser (missing means defaults). */
export async function readSettingsGroup<Settings>(db: Database, key: string, parse: (input: Record<string, unknown>) => Settings): Promise<Settings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return parse(row ? JSON.parse(row.value) : {});
}

/** Saves a group of settings after its parser accepts it; readers see the change on their next request. */
export async function writeSettingsGroup<Settings>(
  db: Database,
  key: string,
  settings: Settings,
  parse: (input: Settings) => Settings,
  now: Date,
): Promise<void> {
  const value = JSON.stringify(parse(settings));
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
  await bumpContentVersion(db, now);
}

export async function readPublicationSettings(db: Database): Promise<PublicationSettings> {
  return readSettingsGroup(db, 'publication', parsePublicationSettings);
}

export async function writePublicationSettings(db: Database, settings: PublicationSettings, now: Date): Promise<void> {
  await writeSettingsGroup(db, 'publication', settings, parsePublicationSettings, now);
}

export async function readAccessMessages(db: Database): Promise<AccessMessages> {
  return readSettingsGroup(db, 'messages', readMessageOverrides);
}

export async function writeAccessMessages(db: Database, messages: AccessMessages, now: Date): Promise<void> {
  await writeSettingsGroup(db, 'messages', messages, (input) => parseMessageOverrides(input), now);
}
