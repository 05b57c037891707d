import { isStaff, type Account } from '../accounts/account.ts';
import { toAccount } from '../accounts/account-repository.ts';
import { staffSessionLifetimeMs } from '../accounts/sessions.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import type { Database } from '../db/database.ts';

/** A device an app signed in on, as the account page lists it. */
export type Device = {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date;
};

/** The account behind a live token, and the token's own record. */
export type TokenHolder = { account: Account; tokenId: number; lastUsedAt: Date };

export const maximumDeviceNameLength = 100;
/** How stale last_used_at may get: reading through the API costs no write per request. */
export const lastUsedPrecisionMs = 60_000;
/** Longer than any token newToken makes; anything longer is not looked up. */
const maximumTokenLength = 100;
/** A reader's device stays signed in while its app is used at least once in this time. */
export const readerDeviceIdleLifetimeMs = 90 * 24 * 60 * 60 * 1000;

/**
 * How long a device may go unused before its token dies: a staff token opens what a staff session
 * does, so it lasts no longer unused than such a session lasts at all.
 */
export function deviceIdleLifetimeOf(account: Pick<Account, 'role'>): number {
  return isStaff(account) ? staffSessionLifetimeMs : readerDeviceIdleLifetimeMs;
}

/** Has the device gone unused for longer than its holder's devices may? */
export function isDeviceIdleExpired({ account, lastUsedAt }: { account: Pick<Account, 'role'>; lastUsedAt: Date }, now: Date): boolean {
  return now.getTime() - lastUsedAt.getTime() >= deviceIdleLifetimeOf(account);
}

/** Issues a token for an app on a device; the app gets the token, the database its hash. */
export async function issueApiToken(
  db: Database,
  { accountId, deviceName, now }: { accountId: number; deviceName: string; now: Date },
): Promise<{ token: string; tokenId: number }> {
  const token = newToken();
  const row = await db
    .insertInto('api_tokens')
    .values({
      account_id: accountId,
      token_hash: hashToken(token),
      device_name: deviceName,
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, tokenId: row.id };
}

/** Who holds a token, if it exists, has not been revoked and has not gone unused too long. */
export async function findTokenHolder(db: Database, token: string, now: Date): Promise<TokenHolder | null> {
  if (token.length > maximumTokenLength) return null;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id as token_id', 't.last_used_at', 'a.id', 'a.email', 'a.name', 'a.role', 'a.password_hash'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const { token_id, last_used_at, ...account } = row;
  const holder = { account: toAccount(account), tokenId: token_id, lastUsedAt: new Date(last_used_at) };
  return isDeviceIdleExpired(holder, now) ? null : holder;
}

/** Notes that a token was used, unless that was noted less than a minute ago. */
export async function noteTokenUse(db: Database, holder: TokenHolder, now: Date): Promise<void> {
  if (now.getTime() - holder.lastUsedAt.getTime() < lastUsedPrecisionMs) return;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now.toISOString() })
    .where('id', '=', holder.tokenId)
    .where('last_used_at', '<', new Date(now.getTime() - lastUsedPrecisionMs).toISOString())
    .execute();
}

/** Revokes one of an account's tokens; false when the account has no such live token. */
export async function revokeApiToken(db: Database, { accountId, tokenId, now }: { accountId: number; tokenId: number; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', tokenId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The devices still signed in to an account through the apps, most recently used first. */
export async function listDevices(db: Database, account: Pick<Account, 'id' | 'role'>, now: Date): Promise<Device[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'device_name', 'created_at', 'last_used_at'])
    .where('account_id', '=', account.id)
    .where('revoked_at', 'is', null)
    .where('last_used_at', '>', new Date(now.getTime() - deviceIdleLifetimeOf(account)).toISOString())
    .orderBy('last_used_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.device_name, createdAt: new Date(row.created_at), lastUsedAt: new Date(row.last_used_at) }));
}

/** Signs every device of an account out: after a new password, no app signed in with the old one reads on. */
export async function revokeAllApiTokens(db: Database, { accountId, now }: { accountId: number; now: Date }): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
}
