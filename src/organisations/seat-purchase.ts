import type { Account } from '../accounts/account.ts';
import { newToken } from '../accounts/tokens.ts';
import { addBillingInterval } from '../commerce/billing-period.ts';
import { findPlanById } from '../commerce/catalogue-repository.ts';
import type { CommerceContext } from '../commerce/commerce-context.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../commerce/commerce-settings.ts';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { CheckoutConfirmation } from '../commerce/payment-provider.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import type { Plan } from '../commerce/plan.ts';
import { readTestCard } from '../commerce/test-mode/test-card.ts';
import { storeTestCard, type CardExpiry } from '../commerce/test-mode/test-card-on-file.ts';
import type { Database, Dialect } from '../db/database.ts';
import { accountReader } from '../insights/reader-key.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import { admitMember, seatsTaken } from './membership.ts';
import { OrganisationError } from './organisation-errors.ts';
import {
  applySeatBillingEvent,
  contractEndOf,
  decideSeatChange,
  dueSeatBillingStep,
  seatsPriceMinor,
  type SeatBilling,
  type SeatChange,
  type SeatOrder,
} from './seat-purchase-rules.ts';

/** Where a company's seats are bought: `successUrl` and `cancelUrl` are built from these by the caller. */
export type SeatCheckoutUrls = { successUrl: string; cancelUrl: string };

/** Opens a checkout for the seats with the provider; the reader goes to `redirectUrl` to pay. */
export async function startSeatCheckout(
  ctx: CommerceContext,
  { account, order, urlsOf, now }: { account: Account; order: SeatOrder; urlsOf: (checkoutId: string) => SeatCheckoutUrls; now: Date },
): Promise<{ redirectUrl: string }> {
  const checkoutId = newToken();
  const { redirectUrl, providerSessionId } = await ctx.provider.startSeatCheckout({
    checkoutId,
    account,
    plan: order.plan,
    seats: order.seats,
    ...urlsOf(checkoutId),
  });
  await ctx.db
    .insertInto('seat_checkouts')
    .values({
      id: checkoutId,
      account_id: account.id,
      plan_id: order.plan.id,
      organisation_name: order.organisationName,
      seats: order.seats,
      provider: ctx.provider.kind,
      provider_session_id: providerSessionId,
      status: 'open',
      organisation_id: null,
      created_at: now.toISOString(),
      completed_at: null,
    })
    .execute();
  return { redirectUrl };
}

export type OpenSeatCheckout = { id: string; accountId: number; organisationName: string; plan: Plan; seats: number; provider: PaymentProviderKind };

/** An open seat checkout of this reader's, with its plan, for the payment page. */
export async function findOpenSeatCheckout(
  db: Database,
  { checkoutId, accountId }: { checkoutId: string; accountId: number },
): Promise<OpenSeatCheckout | undefined> {
  const row = await db
    .selectFrom('seat_checkouts')
    .selectAll()
    .where('id', '=', checkoutId)
    .where('account_id', '=', accountId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  const plan = row ? await findPlanById(db, row.plan_id) : undefined;
  if (!row || !plan) return undefined;
  return { id: row.id, accountId: row.account_id, organisationName: row.organisation_name, plan, seats: row.seats, provider: row.provider };
}

type SeatCheckoutCompletion = {
  checkoutId: string;
  providerSubscriptionId: string | null;
  providerCustomerId: string | null;
  /** When the first paid period ends: the contract runs to it. */
  currentPeriodEnd: Date;
  providerEventAt: Date | null;
  now: Date;
};

/** What a completed seat checkout made: the organisation, with its buyer, plan and seats. */
export type BoughtOrganisation = { organisationId: number; buyerAccountId: number; planId: number; seats: number };

/**
 * Completes a paid seat checkout in the caller's transaction: the checkout closes (only once,
 * however often it is completed), and the organisation is made with its contract (the plan, the
 * seats, from now to the period's end, open to invitations), the subscription that pays it, and
 * its buyer as manager holding a seat.
 */
export async function completeSeatCheckoutIn(trx: Database, dialect: Dialect, completion: SeatCheckoutCompletion): Promise<BoughtOrganisation> {
  const { checkoutId, providerSubscriptionId, providerCustomerId, currentPeriodEnd, providerEventAt, now } = completion;
  const at = now.toISOString();
  const closed = await trx
    .updateTable('seat_checkouts')
    .set({ status: 'completed', completed_at: at })
    .where('id', '=', checkoutId)
    .where('status', '=', 'open')
    .returning(['account_id', 'plan_id', 'organisation_name', 'seats', 'provider'])
    .executeTakeFirst();
  if (!closed) throw new OrganisationError('checkout-closed');
  const organisation = await trx
    .insertInto('organisations')
    .values({ name: closed.organisation_name, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const organisationId = organisation.id;
  await trx
    .insertInto('organisation_contracts')
    .values({
      organisation_id: organisationId,
      plan_id: closed.plan_id,
      seats: closed.seats,
      starts_at: at,
      ends_at: currentPeriodEnd.toISOString(),
      // Invitations only: a domain would admit anyone with an address there, which only the newsroom can vouch for.
      by_invitation: 1,
      by_domain: 0,
      by_ip_range: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx
    .insertInto('organisation_subscriptions')
    .values({
      organisation_id: organisationId,
      buyer_account_id: closed.account_id,
      provider: closed.provider,
      provider_subscription_id: providerSubscriptionId,
      provider_customer_id: providerCustomerId,
      status: 'active',
      current_period_end: currentPeriodEnd.toISOString(),
      past_due_since: null,
      provider_event_at: providerEventAt?.toISOString() ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx.updateTable('seat_checkouts').set({ organisation_id: organisationId }).where('id', '=', checkoutId).execute();
  await trx.insertInto('organisation_managers').values({ organisation_id: organisationId, account_id: closed.account_id }).execute();
  await admitMember(trx, dialect, { organisationId, accountId: closed.account_id, route: 'purchase', actorId: closed.account_id, now });
  return { organisationId, buyerAccountId: closed.account_id, planId: closed.plan_id, seats: closed.seats };
}

/** What the ledger hears of a purchase: the organisation bought, with its first charge, and its buyer's seat. */
export function recordOrganisationBought(
  insights: InsightLedger,
  { bought, amountMinor, currency, at }: { bought: BoughtOrganisation; amountMinor: number; currency: string; at: Date },
): void {
  const reader = accountReader(bought.buyerAccountId);
  insights.record({ kind: 'organisation-bought', seats: bought.seats, amountMinor, currency, reader, planId: bought.planId, at });
  insights.record({ kind: 'organisation-joined', joinedBy: 'purchase', reader, planId: bought.planId, at });
}

export type TestSeatPayment = { kind: 'paid'; organisationId: number } | { kind: 'declined' } | { kind: 'not-a-test-card' };

/**
 * Pays an open seat checkout with a test card, as the test checkout does for a reader's own
 * subscription: the first period's price times the seats, in the ledger taken or failed, and the
 * card on file for the renewals the job loop charges.
 */
export async function payTestSeatCheckout(
  ctx: CommerceContext,
  { checkout, cardNumber, expiry, now }: { checkout: OpenSeatCheckout; cardNumber: string; expiry: CardExpiry; now: Date },
): Promise<TestSeatPayment> {
  const card = readTestCard(cardNumber);
  if (card.kind === 'not-a-test-card') return card;
  const amountMinor = seatsPriceMinor({ priceMinor: checkout.plan.priceMinor, seats: checkout.seats });
  const charge = {
    accountId: checkout.accountId,
    subscriptionId: null,
    provider: 'test',
    providerPaymentId: null,
    kind: 'charge',
    amountMinor,
    currency: checkout.plan.currency,
    refundOf: null,
    occurredAt: now,
  } as const;
  if (card.kind !== 'succeeds') {
    await recordPayment(ctx.db, { ...charge, status: 'failed' });
    return { kind: 'declined' };
  }
  const bought = await ctx.db.transaction().execute(async (trx) => {
    const made = await completeSeatCheckoutIn(trx, ctx.dialect, {
      checkoutId: checkout.id,
      providerSubscriptionId: null,
      providerCustomerId: null,
      currentPeriodEnd: addBillingInterval(now, checkout.plan.interval),
      providerEventAt: null,
      now,
    });
    await recordPayment(trx, { ...charge, status: 'succeeded' });
    await storeTestCard(trx, { accountId: checkout.accountId, card, expiry, now });
    return made;
  });
  recordOrganisationBought(ctx.insights, { bought, amountMinor, currency: checkout.plan.currency, at: now });
  return { kind: 'paid', organisationId: bought.organisationId };
}

/** Where a reader's return from paying for seats stands: the organisation is made, it is still being confirmed, or it was never paid. */
export type SeatCheckoutReturn =
  | { kind: 'not-found' }
  | { kind: 'bought'; organisationId: number }
  | { kind: 'confirming'; problem: string | null }
  | { kind: 'unpaid' };

/**
 * Settles the return from the provider's checkout without waiting for its event, as a reader's own
 * checkout does (commerce/checkout-return.ts): a checkout the provider says is paid is completed at
 * once, its period running one interval from now until the provider's event gives the exact end.
 */
export async function settleSeatCheckoutReturn(
  ctx: CommerceContext,
  { checkoutId, accountId, now }: { checkoutId: string; accountId: number; now: Date },
): Promise<SeatCheckoutReturn> {
  const checkout = await ctx.db.selectFrom('seat_checkouts').selectAll().where('id', '=', checkoutId).where('account_id', '=', accountId).executeTakeFirst();
  if (!checkout) return { kind: 'not-found' };
  if (checkout.status === 'completed') {
    return checkout.organisation_id === null ? { kind: 'confirming', problem: null } : { kind: 'bought', organisationId: checkout.organisation_id };
  }
  const confirmation: CheckoutConfirmation =
    checkout.provider === ctx.provider.kind ? await ctx.provider.confirmCheckout({ providerSessionId: checkout.provider_session_id }) : { kind: 'not-yet' };
  switch (confirmation.kind) {
    case 'not-yet':
      return { kind: 'confirming', problem: null };
    case 'unreachable':
      return { kind: 'confirming', problem: confirmation.problem };
    case 'unpaid':
      return { kind: 'unpaid' };
    case 'paid':
      break;
  }
  const plan = await findPlanById(ctx.db, checkout.plan_id);
  if (!plan) return { kind: 'confirming', problem: 'paid at the provider, but its plan is gone' };
  try {
    const bought = await ctx.db.transaction().execute((trx) =>
      completeSeatCheckoutIn(trx, ctx.dialect, {
        checkoutId,
        providerSubscriptionId: confirmation.providerSubscriptionId,
        providerCustomerId: confirmation.providerCustomerId,
        currentPeriodEnd: addBillingInterval(now, plan.interval),
        providerEventAt: null,
        now,
      }),
    );
    // The charge reaches the ledger with the provider's invoice event.
    recordOrganisationBought(ctx.insights, {
      bought,
      amountMinor: seatsPriceMinor({ priceMinor: plan.priceMinor, seats: checkout.seats }),
      currency: plan.currency,
      at: now,
    });
    return { kind: 'bought', organisationId: bought.organisationId };
  } catch (error) {
    if (!(error instanceof OrganisationError) || error.problem !== 'checkout-closed') throw error;
    // The provider's event completed it a moment ago.
    const completed = await ctx.db.selectFrom('seat_checkouts').select('organisation_id').where('id', '=', checkoutId).executeTakeFirst();
    return completed?.organisation_id ? { kind: 'bought', organisationId: completed.organisation_id } : { kind: 'confirming', problem: null };
  }
}

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

function toSeatSubscription(row: SeatSubscriptionRow): SeatSubscription {
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

const seatSubscriptionColumns = [
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

/**
 * Moves a bought organisation's seats to `requested` (decideSeatChange): the provider bills it, or
 * in test mode the buyer's card on file is charged the added seats' share of the period; the
 * contract then has the seats. Refused, the reason comes back and nothing changes.
 */
export async function changeSeats(
  ctx: CommerceContext,
  { organisationId, requested, now }: { organisationId: number; requested: number; now: Date },
): Promise<SeatChange> {
  const subscription = await findSeatSubscription(ctx.db, organisationId);
  if (!subscription) throw new OrganisationError('not-bought');
  const contract = await ctx.db
    .selectFrom('organisation_contracts')
    .select(['plan_id', 'seats'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const plan = await findPlanById(ctx.db, contract.plan_id);
  if (!plan) throw new OrganisationError('plan-not-found');
  const taken = await seatsTaken(ctx.db, organisationId);
  const change = decideSeatChange({
    billing: subscription,
    seats: contract.seats,
    taken,
    requested,
    priceMinor: plan.priceMinor,
    interval: plan.interval,
    now,
  });
  if (change.kind === 'refused') return change;
  const charged = await ctx.provider.changeSeats({
    providerSubscriptionId: subscription.providerSubscriptionId,
    seats: change.to,
    isIncrease: change.to > change.from,
  });
  if (charged.kind === 'declined') throw new OrganisationError('card-declined');
  const isChargedHere = charged.kind === 'card-on-file' && change.dueNowMinor > 0;
  if (isChargedHere && subscription.buyerAccountId !== null) {
    const card = await ctx.db
      .selectFrom('test_payment_methods')
      .select('is_declining')
      .where('account_id', '=', subscription.buyerAccountId)
      .executeTakeFirst();
    const isPaid = card?.is_declining === 0;
    await recordPayment(ctx.db, {
      accountId: subscription.buyerAccountId,
      subscriptionId: null,
      provider: 'test',
      providerPaymentId: null,
      kind: 'charge',
      status: isPaid ? 'succeeded' : 'failed',
      amountMinor: change.dueNowMinor,
      currency: plan.currency,
      refundOf: null,
      occurredAt: now,
    });
    if (!isPaid) throw new OrganisationError('card-declined');
  }
  await ctx.db
    .updateTable('organisation_contracts')
    .set({ seats: change.to, updated_at: now.toISOString() })
    .where('organisation_id', '=', organisationId)
    .execute();
  if (subscription.buyerAccountId !== null) {
    ctx.insights.record({
      kind: 'seats-changed',
      from: change.from,
      to: change.to,
      amountMinor: change.dueNowMinor,
      currency: plan.currency,
      reader: accountReader(subscription.buyerAccountId),
      planId: plan.id,
      at: now,
    });
  }
  return change;
}

/** The manager stops the subscription at the period's end (the members read until then), or lets it renew again. */
export async function setSeatsCanceling(
  ctx: CommerceContext,
  { organisationId, isCanceling, now }: { organisationId: number; isCanceling: boolean; now: Date },
): Promise<void> {
  const subscription = await findSeatSubscription(ctx.db, organisationId);
  if (!subscription) throw new OrganisationError('not-bought');
  const billing = applySeatBillingEvent(subscription, { type: isCanceling ? 'cancel-requested' : 'cancel-withdrawn' });
  if (billing.status === subscription.status) return;
  await ctx.provider.setSeatsCanceling({ providerSubscriptionId: subscription.providerSubscriptionId, isCanceling });
  const gracePeriodMs = gracePeriodMsOf(await readCommerceSettings(ctx.db));
  await ctx.db.transaction().execute((trx) => keepContractInStep(trx, { organisationId, billing, gracePeriodMs, now }));
}

/**
 * Test mode's renewals of companies' subscriptions, on the job loop: a period over is charged the
 * plan's price times the contract's seats to the buyer's card on file and the contract moves on a
 * period; an unpaid one is past due and tried again each pass through the grace period; a canceled
 * one, or one whose grace ran out, ends, and with it the contract. Gives how many renewed.
 */
export async function runSeatRenewals(ctx: CommerceContext, now: Date): Promise<{ renewed: number; failed: number; ended: number }> {
  const report = { renewed: 0, failed: 0, ended: 0 };
  const gracePeriodMs = gracePeriodMsOf(await readCommerceSettings(ctx.db));
  const due = await ctx.db
    .selectFrom('organisation_subscriptions')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_subscriptions.organisation_id')
    .select(seatSubscriptionColumns.map((column) => `organisation_subscriptions.${column}` as const))
    .select(['organisation_contracts.plan_id', 'organisation_contracts.seats'])
    .where('organisation_subscriptions.provider', '=', 'test')
    .where('organisation_subscriptions.status', '<>', 'ended')
    .where('organisation_subscriptions.current_period_end', '<=', now.toISOString())
    .execute();
  for (const row of due) {
    const subscription = toSeatSubscription(row);
    const step = dueSeatBillingStep(subscription, { now, gracePeriodMs });
    if (step === 'none') continue;
    const { organisationId } = subscription;
    if (step === 'end') {
      const billing = applySeatBillingEvent(subscription, { type: 'ended' });
      await ctx.db.transaction().execute((trx) => keepContractInStep(trx, { organisationId, billing, gracePeriodMs, now }));
      report.ended += 1;
      continue;
    }
    const plan = await findPlanById(ctx.db, row.plan_id);
    if (!plan || subscription.buyerAccountId === null) continue;
    const buyerAccountId = subscription.buyerAccountId;
    const card = await ctx.db.selectFrom('test_payment_methods').select('is_declining').where('account_id', '=', buyerAccountId).executeTakeFirst();
    const isPaid = card?.is_declining === 0;
    // A past-due renewal is tried again only once the buyer has put in a card that pays, so a failing card is not charged every pass.
    if (!isPaid && subscription.status === 'past_due') continue;
    const amountMinor = seatsPriceMinor({ priceMinor: plan.priceMinor, seats: row.seats });
    const billing = applySeatBillingEvent(subscription, isPaid ? { type: 'renewal-paid', interval: plan.interval } : { type: 'renewal-failed', at: now });
    await ctx.db.transaction().execute(async (trx) => {
      // Moved only from the state read: another instance's pass that moved it first leaves nothing to do.
      const claimed = await trx
        .updateTable('organisation_subscriptions')
        .set({ updated_at: now.toISOString() })
        .where('organisation_id', '=', organisationId)
        .where('status', '=', subscription.status)
        .where('current_period_end', '=', subscription.currentPeriodEnd.toISOString())
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      await keepContractInStep(trx, { organisationId, billing, gracePeriodMs, now });
      await recordPayment(trx, {
        accountId: buyerAccountId,
        subscriptionId: null,
        provider: 'test',
        providerPaymentId: null,
        kind: 'charge',
        status: isPaid ? 'succeeded' : 'failed',
        amountMinor,
        currency: plan.currency,
        refundOf: null,
        occurredAt: now,
      });
      if (isPaid) report.renewed += 1;
      else report.failed += 1;
    });
  }
  return report;
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
