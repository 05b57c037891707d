import type { Database } from '../db/database.ts';
import type { DeskPlanChange } from './plan-change-lines.ts';

/** The reader's plan changes with the plans by name, newest first. */
export async function listDeskPlanChanges(db: Database, readerId: number): Promise<DeskPlanChange[]> {
  const rows = await db
    .selectFrom('plan_changes')
    .innerJoin('subscriptions', 'subscriptions.id', 'plan_changes.subscription_id')
    .innerJoin('plans as from_plan', 'from_plan.id', 'plan_changes.from_plan_id')
    .innerJoin('plans as to_plan', 'to_plan.id', 'plan_changes.to_plan_id')
    .select([
      'plan_changes.id',
      'from_plan.name as from_name',
      'to_plan.name as to_name',
      'plan_changes.direction',
      'plan_changes.status',
      'plan_changes.amount_minor',
      'plan_changes.currency',
      'plan_changes.requested_at',
      'plan_changes.effective_at',
      'plan_changes.settled_at',
    ])
    .where('subscriptions.account_id', '=', readerId)
    .orderBy('plan_changes.requested_at', 'desc')
    .orderBy('plan_changes.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fromPlanName: row.from_name,
    toPlanName: row.to_name,
    direction: row.direction,
    status: row.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    requestedAt: new Date(row.requested_at),
    effectiveAt: new Date(row.effective_at),
    settledAt: row.settled_at === null ? null : new Date(row.settled_at),
  }));
}
