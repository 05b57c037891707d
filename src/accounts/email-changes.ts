import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { Account } from './account.ts';
import { AccountError } from './account-errors.ts';
import { refuseUnusableLink, unclaimedLinkError } from './one-time-link.ts';
import { findAccountRowByEmail, findAccountRowById, toAccount, updateAccountRow } from './account-repository.ts';
import { hashToken, newToken } from './tokens.ts';
import { recordReaderEvent } from '../readers/reader-events.ts';

export const emailChangeLinkLifetimeMs = 24 * 60 * 60 * 1000;

/** How long a request is kept after its link expired, so that a late click is told it expired. */
const keptAfterExpiryMs = 7 * 24 * 60 * 60 * 1000;

/**
 * What asking to move an account to a new address led to. Either way both addresses are mailed and
 * the reader is told the same: a free address gets the link that makes the change, a taken one a
 * notice that nothing changed, so only the owner of the new address learns which it was.
 */
export type EmailChangeRequest =
  | { kind: 'link'; oldEmail: string; newEmail: string; token: string; expiresAt: Date }
  | { kind: 'address-taken'; oldEmail: string; newEmail: string };

/**
 * Asks to move an account to a new (normalized) address: keeps the request until the link mailed
 * there is followed. Asking again replaces the account's waiting request, so only the newest link works.
 */
export async function requestEmailChange(
  db: Database,
  { accountId, oldEmail, newEmail, now }: { accountId: number; oldEmail: string; newEmail: string; now: Date },
): Promise<EmailChangeRequest> {
  await db
    .deleteFrom('email_change_requests')
    .where('expires_at', '<', new Date(now.getTime() - keptAfterExpiryMs).toISOString())
    .execute();
  await cancelEmailChanges(db, accountId);
  if (await findAccountRowByEmail(db, newEmail)) return { kind: 'address-taken', oldEmail, newEmail };
  const token = newToken();
  const expiresAt = new Date(now.getTime() + emailChangeLinkLifetimeMs);
  await db
    .insertInto('email_change_requests')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      new_email: newEmail,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
  return { kind: 'link', oldEmail, newEmail, token, expiresAt };
}

/**
 * Drops an account's waiting change of address: a new password means its owner has taken the
 * account back, and a change asked for by whoever held it before must not go through.
 */
export async function cancelEmailChanges(db: Database, accountId: number): Promise<void> {
  await db.deleteFrom('email_change_requests').where('account_id', '=', accountId).where('used_at', 'is', null).execute();
}

/** Is this link still good? For the page it opens, without using it up; gives the address it confirms. */
export async function checkEmailChangeLink(db: Database, { token, now }: { token: string; now: Date }): Promise<{ newEmail: string }> {
  const request = await db
    .selectFrom('email_change_requests')
    .select(['new_email', 'used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  refuseUnusableLink(request, now);
  return { newEmail: request.new_email };
}

/**
 * Uses a link once and moves the account to its new address: the first use wins, a second or a
 * late one is refused with the reason. Gives the account as it now is and the address it left.
 */
export async function confirmEmailChange(db: Database, { token, now }: { token: string; now: Date }): Promise<{ account: Account; oldEmail: string }> {
  const tokenHash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('email_change_requests')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning(['account_id', 'new_email'])
      .executeTakeFirst();
    if (!claimed) {
      const request = await trx.selectFrom('email_change_requests').select('used_at').where('token_hash', '=', tokenHash).executeTakeFirst();
      throw unclaimedLinkError(request);
    }
    const row = await findAccountRowById(trx, claimed.account_id);
    if (!row) throw new AccountError('link-invalid');
    // In the transaction that uses the link up: when the address has got an account meanwhile, the
    // refusal undoes the use, and neither account is changed.
    try {
      await updateAccountRow(trx, row.id, { email: claimed.new_email, now });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AccountError('new-email-taken');
      throw error;
    }
    // The reader's history on the desk shows the move, whoever asked for it.
    await recordReaderEvent(trx, { accountId: row.id, event: { kind: 'email-changed', from: row.email, to: claimed.new_email }, at: now });
    return { account: toAccount({ ...row, email: claimed.new_email }), oldEmail: row.email };
  });
}
