import type { Database } from '../db/database.ts';
import type { Account, StaffRole } from './account.ts';
import { createAccount } from './register.ts';

/** A newsroom account without a password: its holder logs in by one-time link and may set one. */
export async function createStaffAccount(db: Database, { email, name, role }: { email: string; name: string; role: StaffRole }, now: Date): Promise<Account> {
  return createAccount(db, { email, name, passwordHash: null, role }, now);
}
