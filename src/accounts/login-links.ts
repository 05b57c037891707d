import type { Database } from '../db/database.ts';
import type { Account } from './account.ts';
import { AccountError } from './account-errors.ts';
import { refuseUnusableLink, unclaimedLinkError } from './one-time-link.ts';
import { findAccountRowByEmail, findAccountRowById, toAccount } from './account-repository.ts';
import { normalizeEmail } from './email-address.ts';
import { hashToken, newToken } from './tokens.ts';

export type LoginLinkPurpose = 'magic-link' | 'password-reset';

const lifetimeMs: Record<LoginLinkPurpose, number> = {
  'magic-link': 15 * 60 * 1000,
  'password-reset': 60 * 60 * 1000,
};

/**
 * A one-time link for the account with this address: its token (to mail) and the account, or null
 * when there is no such account. Callers answer the same either way, so addresses cannot be probed.
 */
export async function issueLoginLink(
  db: Database,
  { email: rawEmail, purpose, now }: { email: string; purpose: LoginLinkPurpose; now: Date },
): Promise<{ token: string; account: Account; expiresAt: Date } | null> {
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  const row = await findAccountRowByEmail(db, email);
  if (!row) return null;
  const token = newToken();
  const expiresAt = new Date(now.getTime() + lifetimeMs[purpose]);
  await db
    .insertInto('login_tokens')
    .values({ token_hash: hashToken(token), account_id: row.id, purpose, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), used_at: null })
    .execute();
  return { token, account: toAccount(row), expiresAt };
}

/** Uses a link once: the first redemption wins, a second or a late one is refused with the reason. */
export async function redeemLoginLink(db: Database, { token, purpose, now }: { token: string; purpose: LoginLinkPurpose; now: Date }): Promise<Account> {
  const tokenHash = hashToken(token);
  const claimed = await db
    .updateTable('login_tokens')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('account_id')
    .executeTakeFirst();
  if (!claimed) {
    const link = await db.selectFrom('login_tokens').select(['used_at']).where('token_hash', '=', tokenHash).where('purpose', '=', purpose).executeTakeFirst();
    throw unclaimedLinkError(link);
  }
  const row = await findAccountRowById(db, claimed.account_id);
  if (!row) throw new AccountError('link-invalid');
  return toAccount(row);
}

/** Is this link still good? For the page that asks the reader to confirm, without using the link up. */
export async function checkLoginLink(db: Database, { token, purpose, now }: { token: string; purpose: LoginLinkPurpose; now: Date }): Promise<void> {
  const link = await db
    .selectFrom('login_tokens')
    .select(['used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  refuseUnusableLink(link, now);
}
