import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { PlanChangeRefused } from './plan-change.ts';
import type { PlanChangeTables } from './plan-change-tables.ts';

/** A stored plan change: one applied at once, one waiting for the period's end, or one withdrawn. */
export type PlanChangeRecord = {
  id: number;
  subscriptionId: number;
  fromPlanId: number;
  toPlanId: number;
  direction: 'upgrade' | 'downgrade';
  status: 'scheduled' | 'applied' | 'withdrawn';
  amountMinor: number;
  currency: string;
  requestedAt: Date;
  effectiveAt: Date;
  settledAt: Date | null;
};

type Row = Omit<PlanChangeTables['plan_changes'], 'id'> & { id: number };

function toRecord(row: Row): PlanChangeRecord {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    fromPlanId: row.from_plan_id,
    toPlanId: row.to_plan_id,
    direction: row.direction,
    status: row.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    requestedAt: new Date(row.requested_at),
    effectiveAt: new Date(row.effective_at),
    settledAt: row.settled_at === null ? null : new Date(row.settled_at),
  };
}

/**
 * Writes a change. A second waiting change for the same subscription (two requests at once) is
 * refused by the database's one-waiting index and comes back as the rule's own refusal.
 */
export async function recordPlanChange(db: Database, change: Omit<PlanChangeRecord, 'id'>): Promise<number> {
  try {
    const row = await db
      .insertInto('plan_changes')
      .values({
        subscription_id: change.subscriptionId,
        from_plan_id: change.fromPlanId,
        to_plan_id: change.toPlanId,
        direction: change.direction,
        status: change.status,
        amount_minor: change.amountMinor,
        currency: change.currency,
        requested_at: change.requestedAt.toISOString(),
        effective_at: change.effectiveAt.toISOString(),
        settled_at: change.settledAt?.toISOString() ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new PlanChangeRefused('change-scheduled');
    throw error;
  }
}

/** The change waiting for the subscription's period to end, if there is one. */
export async function findScheduledChange(db: Database, subscriptionId: number): Promise<PlanChangeRecord | undefined> {
  const row = await db
    .selectFrom('plan_changes')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Every change of the reader's subscriptions, newest first: the desk's history. */
export async function listPlanChangesOf(db: Database, accountId: number): Promise<PlanChangeRecord[]> {
  const rows = await db
    .selectFrom('plan_changes')
    .innerJoin('subscriptions', 'subscriptions.id', 'plan_changes.subscription_id')
    .selectAll('plan_changes')
    .where('subscriptions.account_id', '=', accountId)
    .orderBy('plan_changes.requested_at', 'desc')
    .orderBy('plan_changes.id', 'desc')
    .execute();
  return rows.map(toRecord);
}

/** Waiting changes whose moment has come, oldest first. */
export async function listDueChanges(db: Database, now: Date): Promise<PlanChangeRecord[]> {
  const rows = await db
    .selectFrom('plan_changes')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('effective_at', '<=', now.toISOString())
    .orderBy('effective_at')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(toRecord);
}

/**
 * Settles a waiting change as applied or withdrawn, if it is still waiting: true for the one
 * request or instance that settled it, false for any other, which must then do nothing more.
 */
export async function settleScheduledChange(db: Database, { id, status, now }: { id: number; status: 'applied' | 'withdrawn'; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('plan_changes')
    .set({ status, settled_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
