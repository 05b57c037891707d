import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { Account, AccountSource, Role } from './account.ts';
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

/**
 * Creates an account under a checked, normalized address and name; an address that already has
 * an account is refused as such, on either database.
 */
export async function createAccount(
  db: Database,
  {
    email: rawEmail,
    name: rawName,
    passwordHash,
    role,
    source,
  }: { email: string; name: string; passwordHash: string | null; role: Role; source?: AccountSource },
  now: Date,
): Promise<Account> {
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  const name = checkName(rawName);
  try {
    const id = await insertAccount(db, { email, name, passwordHash, role, now, ...(source === undefined ? {} : { source }) });
    return { id, email, name, role, hasPassword: passwordHash !== null };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AccountError('email-taken');
    throw error;
  }
}

/** A registration form that passed its checks: the address normalized, the name trimmed. */
export type Registration = { email: string; name: string; password: string };

/** Checks a registration form, field by field in the form's order; the first problem is thrown. */
export function parseRegistration({ email: rawEmail, name, password }: { email: string; name: string; password: string }): Registration {
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  const checkedName = checkName(name);
  checkNewPassword(password);
  return { email, name: checkedName, password };
}

/**
 * Makes a reader's account at once, without the mailed link the site's registration asks for
 * (src/accounts/registration-requests.ts): for tests and checks that need readers quickly.
 */
export async function registerReader(db: Database, form: { email: string; name: string; password: string }, now: Date): Promise<Account> {
  const { email, name, password } = parseRegistration(form);
  return createAccount(db, { email, name, passwordHash: await hashPassword(password), role: 'reader' }, now);
}
