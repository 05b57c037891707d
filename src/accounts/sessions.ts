import type { Database } from '../db/database.ts';
import { isStaff, type Account } from './account.ts';
import { toAccount } from './account-repository.ts';
import { hashToken, newToken } from './tokens.ts';

export const sessionCookieName = 'dl_session';
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
/** Staff sessions open the newsroom, so they last a working day, not a month. */
export const staffSessionLifetimeMs = 12 * 60 * 60 * 1000;

export function sessionLifetimeOf(account: Pick<Account, 'role'>): number {
  return isStaff(account) ? staffSessionLifetimeMs : sessionLifetimeMs;
}

/** Opens a session; the token goes in the reader's cookie, its hash in the database. */
export async function openSession(db: Database, accountId: number, now: Date, lifetimeMs = sessionLifetimeMs): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), account_id: accountId, created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .execute();
  return { token, expiresAt };
}

/** The account a session token belongs to, if the session exists, has not expired and the account is still there. */
export async function findSessionAccount(db: Database, token: string | undefined, now: Date): Promise<Account | null> {
  if (token === undefined || token.length > 100) return null;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['a.id', 'a.email', 'a.name', 'a.role', 'a.password_hash'])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function closeSession(db: Database, token: string | undefined): Promise<void> {
  if (token === undefined) return;
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** Ends every session of an account but, optionally, the one in use (after a password change). */
export async function closeOtherSessions(db: Database, accountId: number, keepToken?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (keepToken !== undefined) query = query.where('token_hash', '<>', hashToken(keepToken));
  await query.execute();
}
