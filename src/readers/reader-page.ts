import type { AccountSource } from '../accounts/account.ts';
import { meterPeriodOf } from '../access/meter.ts';
import { findLastRefundableCharge, listPaymentsOf, type Payment } from '../commerce/payment-ledger.ts';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import { isEntitledBy, type SubscriptionStatus } from '../commerce/subscription.ts';
import type { Database } from '../db/database.ts';
import { listSentMails } from '../mail/sent-mails.ts';
import { toComplimentaryAccess } from './complimentary-access-repository.ts';
import { isComplimentaryLive, type ComplimentaryAccess } from './complimentary-access.ts';
import { listReaderEvents } from './reader-events.ts';
import { listReaderNotes, type ReaderNote } from './reader-notes.ts';
import { listGiftsOfReader } from '../gift-subscriptions/gift-subscription-repository.ts';
import { readerStateOf, type ReaderState } from './reader-state.ts';
import type { ReaderHistory } from './reader-timeline.ts';
import { listDeskPlanChanges } from './plan-change-history.ts';

/** A subscription as the desk reads it: its plan and offer by name, its dates, where it is billed. */
export type DeskSubscription = ReaderHistory['subscriptions'][number] & {
  priceMinor: number;
  currency: string;
  interval: string;
  provider: PaymentProviderKind;
  providerSubscriptionId: string | null;
  providerCustomerId: string | null;
  /** The tiers its plan gives (src/commerce/tier.ts), by name. */
  tierNames: readonly string[];
};

/** Everything the desk shows about one reader. */
export type ReaderRecord = {
  account: { id: number; email: string; name: string; signedUpAt: Date; source: AccountSource; hasPassword: boolean };
  state: ReaderState;
  /** Reads everything now (given access, or a subscription within its period or grace): the meter does not stop them. */
  isEntitled: boolean;
  /** Newest first; the first is the one that counts. */
  subscriptions: readonly DeskSubscription[];
  liveComplimentary: readonly ComplimentaryAccess[];
  refundableCharge: Payment | null;
  /**
   * This month's meter (the publication's month): the metered articles read, newest first, each with
   * the meter rule it was counted under (null: under the setting).
   */
  meter: { period: string; articles: readonly { id: number; headline: string; readAt: Date; rule: string | null }[] };
  notes: readonly ReaderNote[];
  history: ReaderHistory;
};

/** The reader's record, or undefined when the id is no reader's (staff have no page at the desk). */
export async function readReaderRecord(
  db: Database,
  { readerId, now, timeZone, gracePeriodMs }: { readerId: number; now: Date; timeZone: string; gracePeriodMs: number },
): Promise<ReaderRecord | undefined> {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'email', 'name', 'created_at', 'source', 'password_hash'])
    .where('id', '=', readerId)
    .where('role', '=', 'reader')
    .executeTakeFirst();
  if (!account) return undefined;
  const period = meterPeriodOf(now, timeZone);
  const [subscriptionRows, payments, grantRows, gifts, devices, mails, events, notes, refundableCharge, meterReads, giftSubscriptions] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
      .leftJoin('offers', 'offers.id', 'subscriptions.offer_id')
      .select([
        'subscriptions.id',
        'subscriptions.status',
        'subscriptions.created_at',
        'subscriptions.trial_end',
        'subscriptions.current_period_end',
        'subscriptions.past_due_since',
        'subscriptions.ended_from',
        'subscriptions.resume_to',
        'subscriptions.provider',
        'subscriptions.provider_subscription_id',
        'subscriptions.provider_customer_id',
        'plans.name as plan_name',
        'plans.id as plan_id',
        'plans.price_minor',
        'plans.currency',
        'plans.billing_interval',
        'offers.headline as offer_headline',
      ])
      .where('subscriptions.account_id', '=', readerId)
      .orderBy('subscriptions.id', 'desc')
      .execute(),
    listPaymentsOf(db, readerId),
    db.selectFrom('complimentary_access').selectAll().where('account_id', '=', readerId).orderBy('starts_at', 'desc').orderBy('id', 'desc').execute(),
    db
      .selectFrom('gift_links')
      .innerJoin('articles', 'articles.id', 'gift_links.article_id')
      .select(['gift_links.id', 'articles.headline', 'gift_links.created_at', 'gift_links.revoked_at'])
      .where('gift_links.account_id', '=', readerId)
      .execute(),
    db.selectFrom('api_tokens').select(['id', 'device_name', 'created_at', 'revoked_at']).where('account_id', '=', readerId).execute(),
    listSentMails(db, readerId),
    listReaderEvents(db, readerId),
    listReaderNotes(db, readerId),
    findLastRefundableCharge(db, readerId),
    // The meter's own rows (src/accounts/reader-meter.ts writes them), with what was read and under which rule.
    db
      .selectFrom('meter_reads')
      .innerJoin('articles', 'articles.id', 'meter_reads.article_id')
      .leftJoin('meter_rules', 'meter_rules.id', 'meter_reads.meter_rule_id')
      .select(['articles.id', 'articles.headline', 'meter_reads.read_at', 'meter_rules.name as rule_name'])
      .where('meter_reads.account_id', '=', readerId)
      .where('meter_reads.period', '=', period)
      .orderBy('meter_reads.read_at', 'desc')
      .execute(),
    listGiftsOfReader(db, { readerId, email: account.email }),
  ]);
  const date = (text: string | null) => (text === null ? null : new Date(text));
  const planTiers = await db
    .selectFrom('plan_tiers as pt')
    .innerJoin('tiers as t', 't.id', 'pt.tier_id')
    .select(['pt.plan_id', 't.name'])
    .orderBy('t.id')
    .execute();
  const subscriptions: DeskSubscription[] = subscriptionRows.map((row) => ({
    id: row.id,
    planName: row.plan_name,
    offerHeadline: row.offer_headline,
    status: row.status,
    startedAt: new Date(row.created_at),
    trialEnd: date(row.trial_end),
    currentPeriodEnd: new Date(row.current_period_end),
    pastDueSince: date(row.past_due_since),
    priceMinor: row.price_minor,
    currency: row.currency,
    interval: row.billing_interval,
    provider: row.provider,
    providerSubscriptionId: row.provider_subscription_id,
    providerCustomerId: row.provider_customer_id,
    tierNames: planTiers.filter((tier) => tier.plan_id === row.plan_id).map((tier) => tier.name),
  }));
  const complimentary: ComplimentaryAccess[] = grantRows.map(toComplimentaryAccess);
  const liveComplimentary = complimentary.filter((access) => isComplimentaryLive(access, now));
  const [latest] = subscriptionRows;
  const isSubscriptionEntitled =
    latest !== undefined &&
    isEntitledBy(
      {
        status: latest.status,
        currentPeriodEnd: new Date(latest.current_period_end),
        trialEnd: date(latest.trial_end),
        pastDueSince: date(latest.past_due_since),
        endedFrom: latest.ended_from,
        resumeTo: latest.resume_to,
      },
      { now, gracePeriodMs },
    );
  const planChanges = await listDeskPlanChanges(db, readerId);
  const staffIds = [...new Set([...events.map((event) => event.actorId), ...complimentary.map((access) => access.grantedBy)].filter((id) => id !== null))];
  const staff = staffIds.length === 0 ? [] : await db.selectFrom('accounts').select(['id', 'name', 'email']).where('id', 'in', staffIds).execute();
  return {
    account: {
      id: account.id,
      email: account.email,
      name: account.name,
      signedUpAt: new Date(account.created_at),
      source: account.source,
      hasPassword: account.password_hash !== null,
    },
    state: readerStateOf({ latestSubscription: subscriptions[0]?.status ?? null, hasComplimentaryAccess: liveComplimentary.length > 0 }),
    isEntitled: liveComplimentary.length > 0 || isSubscriptionEntitled,
    subscriptions,
    liveComplimentary,
    refundableCharge: refundableCharge ?? null,
    meter: {
      period,
      articles: meterReads.map((row) => ({ id: row.id, headline: row.headline, readAt: new Date(row.read_at), rule: row.rule_name })),
    },
    notes,
    history: {
      signedUpAt: new Date(account.created_at),
      source: account.source,
      subscriptions,
      payments,
      complimentary,
      gifts: gifts.map((row) => ({ id: row.id, headline: row.headline, givenAt: new Date(row.created_at), revokedAt: date(row.revoked_at) })),
      devices: devices.map((row) => ({ id: row.id, name: row.device_name, signedInAt: new Date(row.created_at), revokedAt: date(row.revoked_at) })),
      mails,
      events,
      staffNames: new Map(staff.map((person) => [person.id, person.name || person.email])),
      planChanges,
      giftSubscriptions: [
        ...giftSubscriptions.bought.map((gift) => ({ ...gift, side: 'bought' as const })),
        ...giftSubscriptions.received.map((gift) => ({ ...gift, side: 'received' as const })),
      ],
    },
  };
}

/** What the desk may do for a reader now: each action is offered only where it applies. */
export type DeskActions = {
  canExtendTrial: boolean;
  canCancel: boolean;
  canRefund: boolean;
  /** Live complimentary access to revoke, by grant. */
  revocableGrantIds: readonly number[];
};

/**
 * Which actions apply, from where the reader stands: a trial is extended only while it runs, a
 * subscription canceled only while it would bill again, a refund only of a charge not yet paid back.
 */
export function deskActionsFor({
  latestStatus,
  hasRefundableCharge,
  liveGrantIds,
}: {
  latestStatus: SubscriptionStatus | null;
  hasRefundableCharge: boolean;
  liveGrantIds: readonly number[];
}): DeskActions {
  return {
    canExtendTrial: latestStatus === 'trialing',
    canCancel: latestStatus === 'trialing' || latestStatus === 'active' || latestStatus === 'past_due',
    canRefund: hasRefundableCharge,
    revocableGrantIds: liveGrantIds,
  };
}

/**
 * What the reader has paid in all, net of refunds, one sum per currency (a publication that changed
 * currency keeps both): what the desk weighs a goodwill gesture against.
 */
export function paidInAllOf(payments: readonly Pick<Payment, 'kind' | 'status' | 'amountMinor' | 'currency'>[]): { amountMinor: number; currency: string }[] {
  const sums = new Map<string, number>();
  for (const payment of payments) {
    if (payment.status !== 'succeeded') continue;
    const sign = payment.kind === 'refund' ? -1 : 1;
    sums.set(payment.currency, (sums.get(payment.currency) ?? 0) + sign * payment.amountMinor);
  }
  return [...sums].map(([currency, amountMinor]) => ({ amountMinor, currency }));
}
