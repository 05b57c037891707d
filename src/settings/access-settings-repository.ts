import { parseAccessSettings, type AccessSettings } from '../access/access-settings.ts';
import type { Database } from '../db/database.ts';
import { bumpContentVersion } from './content-version.ts';

export async function readAccessSettings(db: Database): Promise<AccessSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'access').executeTakeFirst();
  return parseAccessSettings(row ? JSON.parse(row.value) : {});
}

export async function writeAccessSettings(db: Database, settings: AccessSettings, now: Date): Promise<void> {
  const value = JSON.stringify(parseAccessSettings(settings));
  await db
    .insertInto('settings')
    .values({ key: 'access', value, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
  await bumpContentVersion(db, now);
}
