import type { Database } from '../db/database.ts';
import { bumpContentVersion } from './content-version.ts';
import { parsePublicationSettings, type PublicationSettings } from './publication-settings.ts';

export async function readPublicationSettings(db: Database): Promise<PublicationSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'publication').executeTakeFirst();
  return parsePublicationSettings(row ? JSON.parse(row.value) : {});
}

export async function writePublicationSettings(db: Database, settings: PublicationSettings, now: Date): Promise<void> {
  const value = JSON.stringify(parsePublicationSettings(settings));
  await db
    .insertInto('settings')
    .values({ key: 'publication', value, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
  await bumpContentVersion(db, now);
}
