import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AccountError } from './account-errors.ts';
import { findAccountRowById, updateAccountRow } from './account-repository.ts';
import { normalizeEmail } from './email-address.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { checkName, checkNewPassword } from './register.ts';

export async function updateProfile(db: Database, accountId: number, { name, email: rawEmail }: { name: string; email: string }, now: Date): Promise<void> {
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  try {
    await updateAccountRow(db, accountId, { name: checkName(name), email, now });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AccountError('email-taken');
    throw error;
  }
}

/** Sets a new password; an account that has one must prove it knows the current one. */
export async function changePassword(
  db: Database,
  accountId: number,
  { current, next }: { current: string; next: string },
  now: Date,
): Promise<void> {
  const row = await findAccountRowById(db, accountId);
  if (!row) throw new AccountError('wrong-current-password');
  if (row.password_hash !== null && !(await verifyPassword(current, row.password_hash))) throw new AccountError('wrong-current-password');
  checkNewPassword(next);
  await updateAccountRow(db, accountId, { passwordHash: await hashPassword(next), now });
}

/** Sets a password from a reset link, which already proved the reader holds the address. */
export async function setPassword(db: Database, accountId: number, password: string, now: Date): Promise<void> {
  checkNewPassword(password);
  await updateAccountRow(db, accountId, { passwordHash: await hashPassword(password), now });
}
