import type { Database } from '../db/database.ts';
import type { Account, AccountSource, Role } from './account.ts';

const accountColumns = ['id', 'email', 'name', 'role', 'password_hash'] as const;

export type AccountRow = { id: number; email: string; name: string; role: Role; password_hash: string | null };

export function toAccount(row: AccountRow): Account {
  return { id: row.id, email: row.email, name: row.name, role: row.role, hasPassword: row.password_hash !== null };
}

export async function findAccountRowByEmail(db: Database, email: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').select(accountColumns).where('email', '=', email).executeTakeFirst();
}

export async function findAccountRowById(db: Database, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').select(accountColumns).where('id', '=', id).executeTakeFirst();
}

/** The roles of many accounts in one query (the caller keeps `ids` within the database's parameter limit); an id with no account is absent. */
export async function listAccountRoles(db: Database, ids: readonly number[]): Promise<Map<number, Role>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'role'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.role]));
}

export async function insertAccount(
  db: Database,
  account: { email: string; name: string; passwordHash: string | null; role: Role; now: Date; source?: AccountSource },
): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values({
      email: account.email,
      name: account.name,
      password_hash: account.passwordHash,
      role: account.role,
      source: account.source ?? 'website',
      created_at: account.now.toISOString(),
      updated_at: account.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAccountRow(
  db: Database,
  id: number,
  changes: { email?: string; name?: string; passwordHash?: string; role?: Role; now: Date },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      ...(changes.email === undefined ? {} : { email: changes.email }),
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
      ...(changes.role === undefined ? {} : { role: changes.role }),
      updated_at: changes.now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}
