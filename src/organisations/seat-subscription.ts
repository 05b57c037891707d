import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { Plan } from '../commerce/plan.ts';
import type { Database } from '../db/database.ts';
import { contractEndOf, type SeatBilling } from './seat-purchase-rules.ts';

/** The subscription paying an organisation's contract, as the manager's page and the operations read it. */
export type SeatSubscription = SeatBilling & {
  organisationId: number;
  buyerAccountId: number | null;
  provider: PaymentProviderKind;
  providerSubscriptionId: string | null;
  providerEventAt: Date | null;
};

type SeatSubscriptionRow = {
  organisation_id: number;
  buyer_account_id: number | null;
  provider: PaymentProviderKind;
  provider_subscription_id: string | null;
  status: SeatBilling['status'];
  current_period_end: string;
  past_due_since: string | null;
  provider_event_at: string | null;
};

export function toSeatSubscription(row: SeatSubscriptionRow): SeatSubscription {
  return {
    organisationId: row.organisation_id,
    buyerAccountId: row.buyer_account_id,
    provider: row.provider,
    providerSubscriptionId: row.provider_subscription_id,
    status: row.status,
    currentPeriodEnd: new Date(row.current_period_end),
    pastDueSince: row.past_due_since === null ? null : new Date(row.past_due_since),
    providerEventAt: row.provider_event_at === null ? null : new Date(row.provider_event_at),
  };
}

export const seatSubscriptionColumns = [
  'organisation_id',
  'buyer_account_id',
  'provider',
  'provider_subscription_id',
  'status',
  'current_period_end',
  'past_due_since',
  'provider_event_at',
] as const;

export async function findSeatSubscription(db: Database, organisationId: number): Promise<SeatSubscription | undefined> {
  const row = await db
    .selectFrom('organisation_subscriptions')
    .select(seatSubscriptionColumns)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? toSeatSubscription(row) : undefined;
}

export async function findSeatSubscriptionByProviderId(db: Database, providerSubscriptionId: string): Promise<SeatSubscription | undefined> {
  const row = await db
    .selectFrom('organisation_subscriptions')
    .select(seatSubscriptionColumns)
    .where('provider_subscription_id', '=', providerSubscriptionId)
    .executeTakeFirst();
  return row ? toSeatSubscription(row) : undefined;
}

/**
 * Writes the subscription's billing and moves the contract with it: its end (contractEndOf), and
 * its seats when the provider says how many it bills. In the caller's transaction.
 */
export async function keepContractInStep(
  trx: Database,
  {
    organisationId,
    billing,
    seats = null,
    providerEventAt = null,
    gracePeriodMs,
    now,
  }: { organisationId: number; billing: SeatBilling; seats?: number | null; providerEventAt?: Date | null; gracePeriodMs: number; now: Date },
): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('organisation_subscriptions')
    .set({
      status: billing.status,
      current_period_end: billing.currentPeriodEnd.toISOString(),
      past_due_since: billing.pastDueSince?.toISOString() ?? null,
      ...(providerEventAt === null ? {} : { provider_event_at: providerEventAt.toISOString() }),
      updated_at: at,
    })
    .where('organisation_id', '=', organisationId)
    .execute();
  const contract = await trx.selectFrom('organisation_contracts').select('starts_at').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  // The contract's period must end after it starts: one ended at once still ends a moment after its start.
  const end = contractEndOf(billing, { gracePeriodMs });
  const earliestEnd = new Date(new Date(contract.starts_at).getTime() + 1000);
  await trx
    .updateTable('organisation_contracts')
    .set({ ends_at: (end > earliestEnd ? end : earliestEnd).toISOString(), ...(seats === null ? {} : { seats }), updated_at: at })
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** A company subscription a reader bought, for the desk's page of that reader. */
export type BoughtSubscription = SeatBilling & {
  organisationName: string;
  planName: string;
  seats: number;
  priceMinor: number;
  currency: string;
  interval: Plan['interval'];
};

/** The organisations this reader bought seats for, newest first, with what each costs now. */
export async function listBoughtSubscriptions(db: Database, accountId: number): Promise<BoughtSubscription[]> {
  const rows = await db
    .selectFrom('organisation_subscriptions')
    .innerJoin('organisations', 'organisations.id', 'organisation_subscriptions.organisation_id')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_subscriptions.organisation_id')
    .innerJoin('plans', 'plans.id', 'organisation_contracts.plan_id')
    .select([
      'organisations.name',
      'plans.name as plan_name',
      'plans.price_minor',
      'plans.currency',
      'plans.billing_interval',
      'organisation_contracts.seats',
      'organisation_subscriptions.status',
      'organisation_subscriptions.current_period_end',
      'organisation_subscriptions.past_due_since',
    ])
    .where('organisation_subscriptions.buyer_account_id', '=', accountId)
    .orderBy('organisation_subscriptions.created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    organisationName: row.name,
    planName: row.plan_name,
    seats: row.seats,
    priceMinor: row.price_minor,
    currency: row.currency,
    interval: row.billing_interval,
    status: row.status,
    currentPeriodEnd: new Date(row.current_period_end),
    pastDueSince: row.past_due_since === null ? null : new Date(row.past_due_since),
  }));
}
