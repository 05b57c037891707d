import { refuseUnusableLink, unclaimedLinkError } from '../accounts/one-time-link.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import type { PaymentProvider } from '../commerce/payment-provider.ts';
import type { Database } from '../db/database.ts';
import { cancelAtProvider, eraseReaderIn, findErasableReader, type ErasedReader } from './erase-reader.ts';
import { recordReaderEvent } from './reader-events.ts';

export const deletionLinkLifetimeMs = 24 * 60 * 60 * 1000;

/**
 * Asks to delete a reader's account: keeps the request until the link mailed to the account's
 * address is followed. Asking again replaces the waiting request, so only the newest link works.
 */
export async function requestAccountDeletion(db: Database, { accountId, now }: { accountId: number; now: Date }): Promise<{ token: string; expiresAt: Date }> {
  const reader = await findErasableReader(db, accountId);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + deletionLinkLifetimeMs);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('account_deletion_requests').where('account_id', '=', reader.id).execute();
    await trx
      .insertInto('account_deletion_requests')
      .values({ token_hash: hashToken(token), account_id: reader.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), used_at: null })
      .execute();
    await recordReaderEvent(trx, { accountId: reader.id, event: { kind: 'deletion-requested' }, at: now });
  });
  return { token, expiresAt };
}

/** Is this link still good? For the page it opens, without using it up; gives the address whose account it deletes. */
export async function checkDeletionLink(db: Database, { token, now }: { token: string; now: Date }): Promise<{ email: string }> {
  const request = await db
    .selectFrom('account_deletion_requests')
    .innerJoin('accounts', 'accounts.id', 'account_deletion_requests.account_id')
    .select(['accounts.email', 'account_deletion_requests.used_at', 'account_deletion_requests.expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  refuseUnusableLink(request, now);
  return { email: request.email };
}

/**
 * Follows the mailed link: cancels the subscription at the provider, then uses the link up and
 * erases the reader in one transaction, so a second click, or a link from before, finds nothing.
 */
export async function confirmAccountDeletion(
  { db, provider }: { db: Database; provider: PaymentProvider },
  { token, now }: { token: string; now: Date },
): Promise<ErasedReader> {
  const tokenHash = hashToken(token);
  const waiting = await db
    .selectFrom('account_deletion_requests')
    .select(['account_id', 'used_at', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  refuseUnusableLink(waiting, now);
  const reader = await findErasableReader(db, waiting.account_id);
  await cancelAtProvider(db, provider, reader.id);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('account_deletion_requests')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning('account_id')
      .executeTakeFirst();
    if (!claimed)
      throw unclaimedLinkError(await trx.selectFrom('account_deletion_requests').select('used_at').where('token_hash', '=', tokenHash).executeTakeFirst());
    return eraseReaderIn(trx, { reader, requester: { kind: 'reader' }, now });
  });
}
