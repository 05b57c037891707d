import { revokeAllApiTokens } from '../devices/api-tokens.ts';
import type { Database } from '../db/database.ts';
import type { Account } from './account.ts';
import { toAccount, updateAccountRow } from './account-repository.ts';
import { cancelEmailChanges } from './email-changes.ts';
import { redeemLoginLink } from './login-links.ts';
import { hashPassword } from './passwords.ts';
import { checkNewPassword } from './register.ts';
import { closeOtherSessions } from './sessions.ts';
import { checkCurrentPassword } from './update-account.ts';

/**
 * What entitles someone to set a new password: knowing the current one (signed in, keeping the
 * session they are in), or holding a reset link mailed to the account's address.
 */
export type PasswordProof =
  | { kind: 'current-password'; accountId: number; currentPassword: string; keepSessionToken: string | undefined }
  | { kind: 'reset-link'; token: string };

/**
 * Sets a new password, and with it signs the account out everywhere else: its other sessions close,
 * every device's token is revoked and a waiting change of address is cancelled. All of it happens
 * in one transaction, a reset link being used up in it too, so a failure part-way leaves the old
 * password working and everyone signed in as they were, never a new password beside a session
 * whoever took the account over still holds. The password is checked and hashed before the
 * transaction begins: scrypt takes a tenth of a second, and SQLite has one connection to hold.
 * Gives the account, as it now is.
 */
export async function replacePassword(db: Database, { proof, password, now }: { proof: PasswordProof; password: string; now: Date }): Promise<Account> {
  // The current password is checked before the new one, so a typo in it is the first thing said.
  const checked =
    proof.kind === 'current-password' ? { ...proof, account: toAccount(await checkCurrentPassword(db, proof.accountId, proof.currentPassword)) } : proof;
  checkNewPassword(password);
  const passwordHash = await hashPassword(password);
  const account = await db.transaction().execute(async (trx) => {
    const holder = checked.kind === 'current-password' ? checked.account : await redeemLoginLink(trx, { token: checked.token, purpose: 'password-reset', now });
    await updateAccountRow(trx, holder.id, { passwordHash, now });
    await cancelEmailChanges(trx, holder.id);
    await closeOtherSessions(trx, holder.id, checked.kind === 'current-password' ? checked.keepSessionToken : undefined);
    await revokeAllApiTokens(trx, { accountId: holder.id, now });
    return holder;
  });
  return { ...account, hasPassword: true };
}
