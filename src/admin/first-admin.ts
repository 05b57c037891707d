import type { Database } from '../db/database.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import { readSettingsGroup } from '../settings/settings-repository.ts';

const setupLifetimeMs = 24 * 60 * 60 * 1000;

type SetupToken = { tokenHash: string; expiresAt: string } | null;

function parseSetupToken(input: Record<string, unknown>): SetupToken {
  return typeof input.tokenHash === 'string' && typeof input.expiresAt === 'string' ? { tokenHash: input.tokenHash, expiresAt: input.expiresAt } : null;
}

export async function hasAdmin(db: Database): Promise<boolean> {
  return (await db.selectFrom('accounts').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * On a publication without an administrator, a one-time token (kept hashed, good for a day) for the
 * page that creates the first one. There is no default password anywhere.
 */
export async function issueSetupToken(db: Database, now: Date): Promise<string | null> {
  if (await hasAdmin(db)) return null;
  const token = newToken();
  const value = JSON.stringify({ tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + setupLifetimeMs).toISOString() });
  await db
    .insertInto('settings')
    .values({ key: 'setup', value, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
  return token;
}

/** Is this the current setup token, unexpired, with no administrator yet? */
export async function isSetupTokenValid(db: Database, token: string, now: Date): Promise<boolean> {
  if (await hasAdmin(db)) return false;
  const stored = await readSettingsGroup(db, 'setup', parseSetupToken);
  return stored !== null && stored.tokenHash === hashToken(token) && stored.expiresAt > now.toISOString();
}

export async function clearSetupToken(db: Database): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', 'setup').execute();
}
