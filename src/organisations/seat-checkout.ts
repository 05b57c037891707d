import type { Account } from '../accounts/account.ts';
import { newToken } from '../accounts/tokens.ts';
import { addBillingInterval } from '../commerce/billing-period.ts';
import { findPlanById } from '../commerce/catalogue-repository.ts';
import type { CommerceContext } from '../commerce/commerce-context.ts';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { CheckoutConfirmation } from '../commerce/payment-provider.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import type { Plan } from '../commerce/plan.ts';
import { readTestCard } from '../commerce/test-mode/test-card.ts';
import { storeTestCard, type CardExpiry } from '../commerce/test-mode/test-card-on-file.ts';
import type { Database, Dialect } from '../db/database.ts';
import { accountReader } from '../insights/reader-key.ts';
import { admitMember } from './membership.ts';
import { OrganisationError } from './organisation-errors.ts';
import { mailSeatBuyer } from './seat-mail.ts';
import { seatsPriceMinor, type SeatOrder } from './seat-purchase-rules.ts';

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

/** What a completed seat checkout made: the organisation, with its buyer, plan and seats, paid until `periodEnd`. */
export type BoughtOrganisation = { organisationId: number; organisationName: string; buyerAccountId: number; planId: number; seats: number; periodEnd: Date };

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
  // A period said to end before the purchase (an event's clock, not a real sale) still ends a moment after it starts, as keepContractInStep has it.
  const contractEnd = currentPeriodEnd > now ? currentPeriodEnd : new Date(now.getTime() + 1000);
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
      ends_at: contractEnd.toISOString(),
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
      current_period_end: contractEnd.toISOString(),
      past_due_since: null,
      provider_event_at: providerEventAt?.toISOString() ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx.updateTable('seat_checkouts').set({ organisation_id: organisationId }).where('id', '=', checkoutId).execute();
  await trx.insertInto('organisation_managers').values({ organisation_id: organisationId, account_id: closed.account_id }).execute();
  await admitMember(trx, dialect, { organisationId, accountId: closed.account_id, route: 'purchase', actorId: closed.account_id, now });
  return {
    organisationId,
    organisationName: closed.organisation_name,
    buyerAccountId: closed.account_id,
    planId: closed.plan_id,
    seats: closed.seats,
    periodEnd: contractEnd,
  };
}

/**
 * Once a purchase is committed: the ledger hears of the organisation bought, with its first
 * charge, and of its buyer's seat; the buyer gets the receipt.
 */
export async function announceOrganisationBought(
  ctx: Pick<CommerceContext, 'db' | 'mailer' | 'publicUrl' | 'insights'>,
  { bought, plan, at }: { bought: BoughtOrganisation; plan: Plan; at: Date },
): Promise<void> {
  const amountMinor = seatsPriceMinor({ priceMinor: plan.priceMinor, seats: bought.seats });
  const reader = accountReader(bought.buyerAccountId);
  ctx.insights.record({ kind: 'organisation-bought', seats: bought.seats, amountMinor, currency: plan.currency, reader, planId: plan.id, at });
  ctx.insights.record({ kind: 'organisation-joined', joinedBy: 'purchase', reader, planId: plan.id, at });
  await mailSeatBuyer(ctx, {
    accountId: bought.buyerAccountId,
    mail: { kind: 'seats-bought', organisationName: bought.organisationName, plan, seats: bought.seats, amountMinor, periodEnd: bought.periodEnd },
  });
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
  await announceOrganisationBought(ctx, { bought, plan: checkout.plan, at: now });
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
    // The charge reaches the payments ledger with the provider's invoice event.
    await announceOrganisationBought(ctx, { bought, plan, at: now });
    return { kind: 'bought', organisationId: bought.organisationId };
  } catch (error) {
    if (!(error instanceof OrganisationError) || error.problem !== 'checkout-closed') throw error;
    // The provider's event completed it a moment ago.
    const completed = await ctx.db.selectFrom('seat_checkouts').select('organisation_id').where('id', '=', checkoutId).executeTakeFirst();
    return completed?.organisation_id ? { kind: 'bought', organisationId: completed.organisation_id } : { kind: 'confirming', problem: null };
  }
}
