import type { Database } from '../db/database.ts';
import type { CommerceTables, PaymentProviderKind } from './commerce-tables.ts';
import type { SubscriptionState } from './subscription.ts';

/** A stored subscription: its state in the machine, and what the shell needs around it. */
export type Subscription = {
  id: number;
  accountId: number;
  planId: number;
  offerId: number | null;
  provider: PaymentProviderKind;
  providerSubscriptionId: string | null;
  state: SubscriptionState;
  introPeriodsLeft: number;
  trialReminderSentAt: Date | null;
  providerEventAt: Date | null;
  version: number;
};

type SubscriptionRow = Omit<CommerceTables['subscriptions'], 'id' | 'version'> & { id: number; version: number };

const date = (text: string | null) => (text === null ? null : new Date(text));

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    accountId: row.account_id,
    planId: row.plan_id,
    offerId: row.offer_id,
    provider: row.provider,
    providerSubscriptionId: row.provider_subscription_id,
    state: {
      status: row.status,
      currentPeriodEnd: new Date(row.current_period_end),
      trialEnd: date(row.trial_end),
      pastDueSince: date(row.past_due_since),
      endedFrom: row.ended_from,
      resumeTo: row.resume_to,
    },
    introPeriodsLeft: row.intro_periods_left,
    trialReminderSentAt: date(row.trial_reminder_sent_at),
    providerEventAt: date(row.provider_event_at),
    version: row.version,
  };
}

function stateColumns(state: SubscriptionState) {
  return {
    status: state.status,
    current_period_end: state.currentPeriodEnd.toISOString(),
    trial_end: state.trialEnd?.toISOString() ?? null,
    past_due_since: state.pastDueSince?.toISOString() ?? null,
    ended_from: state.endedFrom,
    resume_to: state.resumeTo,
  };
}

/** The reader's newest subscription, live or ended. */
export async function findLatestSubscription(db: Database, accountId: number): Promise<Subscription | undefined> {
  const row = await db.selectFrom('subscriptions').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

/** findLatestSubscription for many readers in one query (the caller keeps `accountIds` within the database's parameter limit). */
export async function listLatestSubscriptions(db: Database, accountIds: readonly number[]): Promise<Map<number, Subscription>> {
  const latest = new Map<number, Subscription>();
  if (accountIds.length === 0) return latest;
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('account_id', 'in', [...accountIds])
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) if (!latest.has(row.account_id)) latest.set(row.account_id, toSubscription(row));
  return latest;
}

export async function findSubscriptionById(db: Database, id: number): Promise<Subscription | undefined> {
  const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

export async function findSubscriptionByProviderId(
  db: Database,
  provider: PaymentProviderKind,
  providerSubscriptionId: string,
): Promise<Subscription | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_subscription_id', '=', providerSubscriptionId)
    .executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

/** Has the reader ever had a trial? A free trial is given once. */
export async function hasHadTrial(db: Database, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('subscriptions').select('id').where('account_id', '=', accountId).where('trial_end', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

export async function insertSubscription(
  db: Database,
  subscription: Omit<Subscription, 'id' | 'version' | 'trialReminderSentAt'> & { providerCustomerId: string | null },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('subscriptions')
    .values({
      account_id: subscription.accountId,
      plan_id: subscription.planId,
      offer_id: subscription.offerId,
      provider: subscription.provider,
      provider_subscription_id: subscription.providerSubscriptionId,
      provider_customer_id: subscription.providerCustomerId,
      ...stateColumns(subscription.state),
      intro_periods_left: subscription.introPeriodsLeft,
      trial_reminder_sent_at: null,
      provider_event_at: subscription.providerEventAt?.toISOString() ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes a subscription's new state if nobody changed it since `version` was read; false when
 * another request or instance got there first, in which case this change must not be acted on.
 */
export async function updateSubscription(
  db: Database,
  subscription: Pick<Subscription, 'id' | 'version'>,
  changes: { state?: SubscriptionState; planId?: number; introPeriodsLeft?: number; trialReminderSentAt?: Date; providerEventAt?: Date },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({
      ...(changes.state ? stateColumns(changes.state) : {}),
      ...(changes.planId === undefined ? {} : { plan_id: changes.planId }),
      ...(changes.introPeriodsLeft === undefined ? {} : { intro_periods_left: changes.introPeriodsLeft }),
      ...(changes.trialReminderSentAt ? { trial_reminder_sent_at: changes.trialReminderSentAt.toISOString() } : {}),
      ...(changes.providerEventAt ? { provider_event_at: changes.providerEventAt.toISOString() } : {}),
      version: subscription.version + 1,
      updated_at: now.toISOString(),
    })
    .where('id', '=', subscription.id)
    .where('version', '=', subscription.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Subscriptions the job loop must look at: not expired, with their period (or trial) ending by `before`. */
export async function listSubscriptionsDue(db: Database, before: Date): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('status', '<>', 'expired')
    .where((eb) => eb.or([eb('current_period_end', '<=', before.toISOString()), eb('status', '=', 'past_due')]))
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(toSubscription);
}
