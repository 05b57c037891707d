import type { Database } from '../db/database.ts';
import type { Account } from './account.ts';
import { AccountError } from './account-errors.ts';
import { findAccountRowById, updateAccountRow, type AccountRow } from './account-repository.ts';
import { normalizeEmail } from './email-address.ts';
import { cancelEmailChanges, requestEmailChange, type EmailChangeRequest } from './email-changes.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { checkName, checkNewPassword } from './register.ts';

/** A profile form that passed its checks: the name to keep, and the address asked for when it is not the present one. */
export type ProfileChange = { name: string; newEmail: string | null };

/** Checks a profile form against the account it is for; the first problem is thrown. */
export function parseProfileChange({ name, email: rawEmail }: { name: string; email: string }, account: Pick<Account, 'email'>): ProfileChange {
  const checkedName = checkName(name);
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  return { name: checkedName, newEmail: email === account.email ? null : email };
}

/**
 * Saves a profile. The name changes at once. The address does not: whoever holds it can reset the
 * password, so asking for a new one takes the current password (from an account that has one), and
 * the change waits for the link mailed to the new address. Gives that request, to be mailed, or
 * null when only the name was changed.
 */
export async function changeProfile(
  db: Database,
  { accountId, change, currentPassword, now }: { accountId: number; change: ProfileChange; currentPassword: string; now: Date },
): Promise<EmailChangeRequest | null> {
  if (change.newEmail === null) {
    await updateAccountRow(db, accountId, { name: change.name, now });
    return null;
  }
  const { email } = await checkCurrentPassword(db, accountId, currentPassword);
  await updateAccountRow(db, accountId, { name: change.name, now });
  return requestEmailChange(db, { accountId, oldEmail: email, newEmail: change.newEmail, now });
}

/** Sets a password where nothing else is signed in to sign out (the first administrator's set-up); it cancels a waiting change of address. */
export async function setPassword(db: Database, accountId: number, password: string, now: Date): Promise<void> {
  checkNewPassword(password);
  await updateAccountRow(db, accountId, { passwordHash: await hashPassword(password), now });
  await cancelEmailChanges(db, accountId);
}

/** The account, once the password given is its own; an account without a password has none to prove. */
export async function checkCurrentPassword(db: Database, accountId: number, current: string): Promise<AccountRow> {
  const row = await findAccountRowById(db, accountId);
  if (!row) throw new AccountError('wrong-current-password');
  if (row.password_hash !== null && !(await verifyPassword(current, row.password_hash))) throw new AccountError('wrong-current-password');
  return row;
}
