import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { Account } from './account.ts';
import { AccountError } from './account-errors.ts';
import { insertAccount } from './account-repository.ts';
import { normalizeEmail } from './email-address.ts';
import { hashPassword, maximumPasswordLength, minimumPasswordLength } from './passwords.ts';

export const maximumNameLength = 120;

export function checkNewPassword(password: string): void {
  if (password.length < minimumPasswordLength) throw new AccountError('password-too-short');
  if (password.length > maximumPasswordLength) throw new AccountError('password-too-long');
}

export function checkName(name: string): string {
  const trimmed = name.normalize('NFKC').trim();
  if (trimmed.length > maximumNameLength) throw new AccountError('name-too-long');
  return trimmed;
}

/** Registers a reader with an e-mail address and a password. */
export async function registerReader(
  db: Database,
  { email: rawEmail, name: rawName, password }: { email: string; name: string; password: string },
  now: Date,
): Promise<Account> {
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  const name = checkName(rawName);
  checkNewPassword(password);
  const passwordHash = await hashPassword(password);
  try {
    const id = await insertAccount(db, { email, name, passwordHash, role: 'reader', now });
    return { id, email, name, role: 'reader', hasPassword: true };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AccountError('email-taken');
    throw error;
  }
}
