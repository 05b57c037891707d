import type { Database } from '../db/database.ts';
import type { PaymentTotal, Period, PlanPrice, SubscriptionHistory } from './revenue.ts';

/** Every subscription's history as its row tells it: revenue is read from the commerce tables, not the ledger. */
export async function listSubscriptionHistories(db: Database): Promise<SubscriptionHistory[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(['id', 'account_id', 'plan_id', 'offer_id', 'status', 'resume_to', 'ended_from', 'created_at', 'trial_end', 'updated_at'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    planId: row.plan_id,
    offerId: row.offer_id,
    status: row.status,
    resumeTo: row.resume_to,
    endedFrom: row.ended_from,
    startedAt: new Date(row.created_at),
    trialEnd: row.trial_end === null ? null : new Date(row.trial_end),
    updatedAt: new Date(row.updated_at),
  }));
}

export async function listPlanPrices(db: Database): Promise<Map<number, PlanPrice>> {
  const rows = await db.selectFrom('plans').select(['id', 'name', 'price_minor', 'currency', 'billing_interval']).execute();
  return new Map(
    rows.map((row) => [row.id, { id: row.id, name: row.name, priceMinor: row.price_minor, currency: row.currency, interval: row.billing_interval }]),
  );
}

/**
 * The payment ledger's lines in a period, summed by kind, outcome, currency and subscription (the
 * plan and offer are the subscription's, joined in memory): read from one covering index.
 */
export async function sumPayments(db: Database, { from, to }: Period): Promise<PaymentTotal[]> {
  const rows = await db
    .selectFrom('payments')
    .select([
      'kind',
      'status',
      'currency',
      'subscription_id',
      (eb) => eb.fn.countAll<number | string>().as('payments'),
      (eb) => eb.fn.sum<number | string>('amount_minor').as('amount'),
    ])
    .where('occurred_at', '>=', from.toISOString())
    .where('occurred_at', '<', to.toISOString())
    .groupBy(['kind', 'status', 'currency', 'subscription_id'])
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    status: row.status,
    currency: row.currency,
    subscriptionId: row.subscription_id,
    payments: Number(row.payments),
    amountMinor: Number(row.amount),
  }));
}
