import type { Database } from '../db/database.ts';
import type { ComplimentaryAccess } from './complimentary-access.ts';
import type { ReaderTables } from './reader-tables.ts';

export type ComplimentaryAccessRow = Omit<ReaderTables['complimentary_access'], 'id'> & { id: number };

const date = (text: string | null) => (text === null ? null : new Date(text));

export function toComplimentaryAccess(row: ComplimentaryAccessRow): ComplimentaryAccess {
  return {
    id: row.id,
    accountId: row.account_id,
    startsAt: new Date(row.starts_at),
    endsAt: date(row.ends_at),
    reason: row.reason,
    grantedBy: row.granted_by,
    revokedAt: date(row.revoked_at),
  };
}

export async function insertComplimentaryAccess(db: Database, access: Omit<ComplimentaryAccess, 'id' | 'revokedAt'>, now: Date): Promise<number> {
  const row = await db
    .insertInto('complimentary_access')
    .values({
      account_id: access.accountId,
      starts_at: access.startsAt.toISOString(),
      ends_at: access.endsAt?.toISOString() ?? null,
      reason: access.reason,
      granted_by: access.grantedBy,
      revoked_at: null,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every grant a reader has had, the newest first. */
export async function listComplimentaryAccess(db: Database, accountId: number): Promise<ComplimentaryAccess[]> {
  const rows = await db.selectFrom('complimentary_access').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').execute();
  return rows.map(toComplimentaryAccess);
}

export async function findComplimentaryAccess(db: Database, { accountId, id }: { accountId: number; id: number }): Promise<ComplimentaryAccess | undefined> {
  const row = await db.selectFrom('complimentary_access').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return row ? toComplimentaryAccess(row) : undefined;
}

/** Ends a grant at `now`; false when it was already revoked (by another request, say), which then changes nothing. */
export async function revokeComplimentaryAccessRow(db: Database, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('complimentary_access')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The grant that gives the reader access at `now`, if any: the one lasting longest (open-ended
 * first), since that is what the reader can count on. The same test as the desk filter's
 * `hasLiveComplimentaryAccess`, for one reader.
 */
export async function findLiveComplimentaryAccess(db: Database, accountId: number, now: Date): Promise<ComplimentaryAccess | undefined> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('complimentary_access')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('starts_at', '<=', at)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', at)]))
    .orderBy((eb) => eb.case().when('ends_at', 'is', null).then(0).else(1).end())
    .orderBy('ends_at', 'desc')
    .executeTakeFirst();
  return row ? toComplimentaryAccess(row) : undefined;
}

/** Every grant these readers have had, in one query (the caller keeps `accountIds` within the database's parameter limit). */
export async function listComplimentaryAccessOf(db: Database, accountIds: readonly number[]): Promise<ComplimentaryAccess[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('complimentary_access')
    .selectAll()
    .where('account_id', 'in', [...accountIds])
    .execute();
  return rows.map(toComplimentaryAccess);
}
