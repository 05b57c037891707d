import type { Database } from '../db/database.ts';
import type { Account } from './account.ts';
import { AccountError } from './account-errors.ts';
import { findAccountRowByEmail, toAccount } from './account-repository.ts';
import { normalizeEmail } from './email-address.ts';
import { maximumPasswordLength, verifyAgainstDecoy, verifyPassword } from './passwords.ts';

/**
 * Checks an e-mail address and password. A wrong password, an unknown address and an account
 * without a password all give the same error after the same work, so none can be told apart.
 */
export async function authenticate(db: Database, { email: rawEmail, password }: { email: string; password: string }): Promise<Account> {
  const email = normalizeEmail(rawEmail);
  const row = email === null ? undefined : await findAccountRowByEmail(db, email);
  const isValid =
    row?.password_hash != null && password.length <= maximumPasswordLength
      ? await verifyPassword(password, row.password_hash)
      : await verifyAgainstDecoy(password.slice(0, maximumPasswordLength));
  if (!row || !isValid) throw new AccountError('wrong-credentials');
  return toAccount(row);
}
