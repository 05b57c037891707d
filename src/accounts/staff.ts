import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { Account, StaffRole } from './account.ts';
import { AccountError } from './account-errors.ts';
import { insertAccount } from './account-repository.ts';
import { normalizeEmail } from './email-address.ts';
import { checkName } from './register.ts';

/** A newsroom account without a password: its holder logs in by one-time link and may set one. */
export async function createStaffAccount(
  db: Database,
  { email: rawEmail, name: rawName, role }: { email: string; name: string; role: StaffRole },
  now: Date,
): Promise<Account> {
  const email = normalizeEmail(rawEmail);
  if (email === null) throw new AccountError('invalid-email');
  const name = checkName(rawName);
  try {
    const id = await insertAccount(db, { email, name, passwordHash: null, role, now });
    return { id, email, name, role, hasPassword: false };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AccountError('email-taken');
    throw error;
  }
}
