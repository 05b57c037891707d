import { toAccount } from '../accounts/account-repository.ts';
import type { Account } from '../accounts/account.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

/** The private feed an account has in use: when it was made (the token itself is not kept). */
export type LiveFeedToken = { id: number; createdAt: Date };

/** Each attempt that loses a race revokes the winner's token when it runs again; a few always settle it. */
const maxIssueAttempts = 5;

/** Tokens are 43 URL-safe characters (tokens.ts); anything else is not worth a query. */
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export function looksLikeFeedToken(token: string): boolean {
  return tokenShape.test(token);
}

export async function findLiveFeedToken(db: Database, accountId: number): Promise<LiveFeedToken | null> {
  const row = await db
    .selectFrom('feed_tokens')
    .select(['id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, createdAt: new Date(row.created_at) } : null;
}

/**
 * Gives the account a new private feed token, revoking the one it had, in one transaction: the old
 * address stops working as the new one starts. Two replacements racing (two instances, a double
 * click) meet at the one-live-token index; the loser runs again and revokes the winner's, so one
 * token stays live, the last one issued.
 */
export async function issueFeedToken(db: Database, accountId: number, now: Date): Promise<string> {
  const token = newToken();
  const issue = () =>
    db.transaction().execute(async (trx) => {
      await trx.updateTable('feed_tokens').set({ revoked_at: now.toISOString() }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
      await trx
        .insertInto('feed_tokens')
        .values({ account_id: accountId, token_hash: hashToken(token), created_at: now.toISOString(), revoked_at: null })
        .execute();
    });
  for (let attempt = 1; ; attempt += 1) {
    try {
      await issue();
      return token;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === maxIssueAttempts) throw error;
    }
  }
}

/** Revokes the account's private feed token, if it has one; says whether it had. */
export async function revokeFeedToken(db: Database, accountId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('feed_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The account whose live token this is; null for an unknown, malformed or revoked one. */
export async function findFeedTokenAccount(db: Database, token: string): Promise<Account | null> {
  if (!looksLikeFeedToken(token)) return null;
  const row = await db
    .selectFrom('feed_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['a.id', 'a.email', 'a.name', 'a.role', 'a.password_hash'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}
