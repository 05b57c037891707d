import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { recordReaderEvent } from '../readers/reader-events.ts';
import { decideAdmission, type JoinRoute } from './admission.ts';
import type { Member } from './organisation.ts';
import { OrganisationError } from './organisation-errors.ts';
import { toContract } from './organisation-repository.ts';

async function countSeatsTaken(db: Database, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom('organisation_members')
    .select(sql<number>`count(*)`.as('taken'))
    .where('organisation_id', '=', organisationId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.taken);
}

/**
 * Gives the reader a seat, or refuses with the reason (decideAdmission). Two readers taking the last
 * seat at once get it once: on PostgreSQL the contract's row is locked for the transaction before the
 * seats are counted; SQLite's transactions begin IMMEDIATE, so a second one waits for the first's
 * commit and counts its member. Runs inside `trx` when given, as accepting an invitation does.
 */
export async function admitMember(
  db: Database,
  dialect: Dialect,
  {
    organisationId,
    accountId,
    route,
    actorId = null,
    now,
  }: { organisationId: number; accountId: number; route: JoinRoute; actorId?: number | null; now: Date },
): Promise<{ planId: number }> {
  const admit = async (trx: Database) => {
    const contract = await trx
      .selectFrom('organisation_contracts')
      .innerJoin('organisations', 'organisations.id', 'organisation_contracts.organisation_id')
      .selectAll('organisation_contracts')
      .select('organisations.name')
      .where('organisation_id', '=', organisationId)
      .$if(dialect === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
    if (!contract) throw new OrganisationError('not-found');
    const membership = await trx
      .selectFrom('organisation_members')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('account_id', '=', accountId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    const taken = await countSeatsTaken(trx, organisationId);
    const admission = decideAdmission({
      contract: toContract(contract),
      route,
      seats: { seats: contract.seats, taken },
      isMember: membership !== undefined,
      now,
    });
    if (admission.kind === 'refused') throw new OrganisationError(admission.reason);
    try {
      await trx
        .insertInto('organisation_members')
        .values({ organisation_id: organisationId, account_id: accountId, joined_by: route, joined_at: now.toISOString(), removed_at: null, removed_by: null })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new OrganisationError('already-member');
      throw error;
    }
    await recordReaderEvent(trx, { accountId, event: { kind: 'organisation-joined', organisation: contract.name, joinedBy: route }, at: now, actorId });
    return { planId: contract.plan_id };
  };
  return db.isTransaction ? admit(db) : db.transaction().execute(admit);
}

/** Frees the member's seat; the row stays, with when and by whom, for the desk and the usage report. */
export async function removeMember(
  db: Database,
  { organisationId, accountId, actorId, now }: { organisationId: number; accountId: number; actorId: number | null; now: Date },
): Promise<{ planId: number }> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .updateTable('organisation_members')
      .set({ removed_at: now.toISOString(), removed_by: actorId })
      .where('organisation_id', '=', organisationId)
      .where('account_id', '=', accountId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (Number(removed.numUpdatedRows) === 0) throw new OrganisationError('not-a-member');
    const organisation = await trx
      .selectFrom('organisations')
      .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisations.id')
      .select(['organisations.name', 'organisation_contracts.plan_id'])
      .where('organisations.id', '=', organisationId)
      .executeTakeFirstOrThrow();
    await recordReaderEvent(trx, { accountId, event: { kind: 'organisation-left', organisation: organisation.name }, at: now, actorId });
    return { planId: organisation.plan_id };
  });
}

export async function seatsTaken(db: Database, organisationId: number): Promise<number> {
  return countSeatsTaken(db, organisationId);
}

/** The members holding a seat now, by when they joined. */
export async function listMembers(db: Database, organisationId: number): Promise<Member[]> {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('accounts', 'accounts.id', 'organisation_members.account_id')
    .select(['accounts.id', 'accounts.email', 'accounts.name', 'organisation_members.joined_by', 'organisation_members.joined_at'])
    .where('organisation_members.organisation_id', '=', organisationId)
    .where('organisation_members.removed_at', 'is', null)
    .orderBy('organisation_members.joined_at')
    .orderBy('organisation_members.id')
    .execute();
  return rows.map((row) => ({ accountId: row.id, email: row.email, name: row.name, joinedBy: row.joined_by, joinedAt: new Date(row.joined_at) }));
}
