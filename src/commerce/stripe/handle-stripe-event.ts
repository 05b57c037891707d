import { findPlanById } from '../catalogue-repository.ts';
import type { Transaction } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { CheckoutRefusedError, completeCheckoutIn } from '../checkout.ts';
import { notifySubscriber, type CommerceContext } from '../commerce-context.ts';
import type { SubscriptionMail } from '../subscription-mail.ts';
import { findSubscriptionById, findSubscriptionByProviderId, updateSubscription } from '../subscription-repository.ts';
import { keepPaymentCard } from '../payment-cards.ts';
import { recordPayment } from '../payment-ledger.ts';
import type { Subscription } from '../subscription-repository.ts';
import type { StripeEvent, StripeInvoice } from './stripe-event.ts';
import { stateFromStripe } from './stripe-snapshot.ts';
import { recordSubscriptionMove, recordSubscriptionStart } from '../subscription-insights.ts';
import type { SubscriptionState } from '../subscription.ts';
import { announceGiftPayment, type GiftPaymentContext, markGiftPaidIn } from '../../gift-subscriptions/gift-purchase-operations.ts';
import type { StoredGiftSubscription } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../commerce-settings.ts';
import { OrganisationError } from '../../organisations/organisation-errors.ts';
import { announceOrganisationBought, completeSeatCheckoutIn } from '../../organisations/seat-checkout.ts';
import { findSeatSubscriptionByProviderId, keepContractInStep } from '../../organisations/seat-subscription.ts';
import { seatBillingFromStripe } from './stripe-seat-snapshot.ts';

export type StripeEventOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

type Mail = { accountId: number; planId: number; mail: SubscriptionMail };
/** What the ledger hears once the event's change is committed: a subscription started, and a subscription's move. */
type Insights = { startedId: number | null; move: { subscription: Subscription; after: SubscriptionState } | null };
/** `afterCommit`: what the ledger hears and the buyer is mailed once a company's purchase is committed; `paidGift`: a gift whose payment this event confirmed, to announce. */
type Handled = { outcome: StripeEventOutcome; mails: Mail[]; insights?: Insights; afterCommit?: () => Promise<void>; paidGift?: StoredGiftSubscription };
type Handler<Kind extends StripeEvent['kind']> = (
  trx: Transaction<Tables>,
  event: Extract<StripeEvent, { kind: Kind }>,
  ctx: CommerceContext,
) => Promise<Handled>;

const ignored: Handled = { outcome: 'ignored', mails: [] };

/**
 * A snapshot of a company's subscription: makes the organisation from its seat checkout, or keeps
 * its contract in step (the period's end, the seats Stripe bills), unless the event is older than
 * the last applied.
 */
const applySeatSnapshot: Handler<'subscription'> = async (trx, event, ctx) => {
  const snapshot = event.subscription;
  let subscription = await findSeatSubscriptionByProviderId(trx, snapshot.id);
  let afterCommit: (() => Promise<void>) | undefined;
  if (!subscription) {
    const first = seatBillingFromStripe(snapshot, null, event.created);
    if (snapshot.seatCheckoutId === null || first === null || first.status === 'ended') return ignored;
    try {
      const bought = await completeSeatCheckoutIn(trx, ctx.dialect, {
        checkoutId: snapshot.seatCheckoutId,
        providerSubscriptionId: snapshot.id,
        providerCustomerId: snapshot.customerId,
        currentPeriodEnd: snapshot.currentPeriodEnd,
        providerEventAt: null,
        now: event.created,
      });
      const plan = await findPlanById(trx, bought.planId);
      if (plan) afterCommit = () => announceOrganisationBought(ctx, { bought, plan, at: event.created });
    } catch (error) {
      // The buyer's return from checkout completed it while this event waited (organisations/seat-checkout.ts); the event moves what it made.
      if (!(error instanceof OrganisationError) || error.problem !== 'checkout-closed') throw error;
    }
    subscription = await findSeatSubscriptionByProviderId(trx, snapshot.id);
    if (!subscription) return ignored;
  } else if (subscription.providerEventAt !== null && event.created < subscription.providerEventAt) {
    return { outcome: 'stale', mails: [] };
  }
  const billing = seatBillingFromStripe(snapshot, subscription, event.created);
  if (billing === null) return ignored;
  const gracePeriodMs = gracePeriodMsOf(await readCommerceSettings(trx));
  await keepContractInStep(trx, {
    organisationId: subscription.organisationId,
    billing,
    seats: snapshot.quantity,
    providerEventAt: event.created,
    gracePeriodMs,
    now: event.created,
  });
  return { outcome: 'applied', mails: [], ...(afterCommit ? { afterCommit } : {}) };
};

/** A subscription snapshot: creates Dateline's subscription from its checkout, or moves it, unless the event is older than the last applied. */
const applySubscriptionSnapshot: Handler<'subscription'> = async (trx, event, ctx) => {
  const snapshot = event.subscription;
  if (snapshot.seatCheckoutId !== null || (await findSeatSubscriptionByProviderId(trx, snapshot.id))) return applySeatSnapshot(trx, event, ctx);
  let subscription = await findSubscriptionByProviderId(trx, 'stripe', snapshot.id);
  const mails: Mail[] = [];
  let startedId: number | null = null;
  if (!subscription) {
    if (snapshot.checkoutId === null || stateFromStripe(snapshot, null, event.created) === null) return ignored;
    try {
      const id = await completeCheckoutIn(trx, {
        checkoutId: snapshot.checkoutId,
        providerSubscriptionId: snapshot.id,
        providerCustomerId: snapshot.customerId,
        now: event.created,
      });
      subscription = await findSubscriptionById(trx, id);
      if (!subscription) return ignored;
      startedId = id;
      mails.push({ accountId: subscription.accountId, planId: subscription.planId, mail: { kind: 'welcome', trialEnd: snapshot.trialEnd } });
    } catch (error) {
      if (!(error instanceof CheckoutRefusedError)) throw error;
      // The reader's return from checkout may have completed it while this event waited, from Stripe's
      // answer about the same checkout (checkout-return.ts); the event then moves that subscription,
      // which has had its welcome. A checkout that is unknown or used otherwise cannot be started
      // again; the event is kept so it is not retried.
      subscription = error.problem === 'checkout-closed' ? await findSubscriptionByProviderId(trx, 'stripe', snapshot.id) : undefined;
      if (!subscription) return ignored;
    }
  } else if (subscription.providerEventAt !== null && event.created < subscription.providerEventAt) {
    return { outcome: 'stale', mails: [] };
  }
  const state = stateFromStripe(snapshot, subscription.state, event.created);
  if (state === null) return ignored;
  // Stripe can bring back a subscription Dateline has ended (a late payment after the grace period)
  // when the reader has since subscribed again. The newer one stands; the event is kept, so Stripe
  // stops retrying, and the payment is the publication's to refund from Stripe's dashboard.
  if (subscription.state.status === 'expired' && state.status !== 'expired') {
    const other = await trx
      .selectFrom('subscriptions')
      .select('id')
      .where('account_id', '=', subscription.accountId)
      .where('status', '<>', 'expired')
      .where('id', '<>', subscription.id)
      .executeTakeFirst();
    if (other) return ignored;
  }
  // A price made for a plan change names its plan: the subscription follows it (a downgrade's schedule reaching its phase, a change made at Stripe).
  const planId =
    snapshot.planId !== null && snapshot.planId !== subscription.planId && (await findPlanById(trx, snapshot.planId)) ? snapshot.planId : undefined;
  if (!(await updateSubscription(trx, subscription, { state, providerEventAt: event.created, ...(planId === undefined ? {} : { planId }) }, event.created))) {
    throw new Error(`Subscription ${subscription.id} changed while a Stripe event was applied; the event will be retried`);
  }
  const recipient = { accountId: subscription.accountId, planId: subscription.planId };
  if (state.status === 'expired' && subscription.state.status !== 'expired') {
    mails.push({ ...recipient, mail: { kind: 'subscription-ended', endedFrom: state.endedFrom ?? 'subscription' } });
  }
  // A subscription gone past due hears of it from the dunning job's reminders (dunning-jobs.ts), from day 0.
  return { outcome: 'applied', mails, insights: { startedId, move: { subscription, after: state } } };
};

type InvoicePayment = { invoice: StripeInvoice; status: 'succeeded' | 'failed'; at: Date };

/** The ledger's line for an invoice's payment, for whoever it is under: the invoice's id for the payment taken, one per try for a failed one. */
function invoiceCharge({ invoice, status, at }: InvoicePayment) {
  return {
    provider: 'stripe',
    providerPaymentId: status === 'succeeded' ? invoice.id : `${invoice.id}/attempt-${invoice.attemptCount}`,
    kind: 'charge',
    status,
    amountMinor: status === 'succeeded' ? invoice.amountPaidMinor : invoice.amountDueMinor,
    currency: invoice.currency,
    refundOf: null,
    occurredAt: at,
  } as const;
}

async function recordInvoicePayment(trx: Transaction<Tables>, { subscription, ...payment }: InvoicePayment & { subscription: Subscription }): Promise<void> {
  await recordPayment(trx, { accountId: subscription.accountId, subscriptionId: subscription.id, ...invoiceCharge(payment) });
}

/**
 * An invoice of a company's subscription: a line in the ledger under its buyer, for no subscription
 * of theirs. Its contract moves with the subscription's own events. False when it is no company's.
 */
async function recordSeatInvoice(trx: Transaction<Tables>, payment: InvoicePayment): Promise<boolean> {
  if (payment.invoice.subscriptionId === null) return false;
  const seats = await findSeatSubscriptionByProviderId(trx, payment.invoice.subscriptionId);
  if (!seats) return false;
  await recordPayment(trx, { accountId: seats.buyerAccountId, subscriptionId: null, ...invoiceCharge(payment) });
  return true;
}

/** A paid invoice: a line in the ledger and a receipt for the subscriber. The state moves with the subscription's own events. */
const recordPaidInvoice: Handler<'invoice-paid'> = async (trx, event) => {
  const { invoice } = event;
  if (invoice.subscriptionId === null || invoice.amountPaidMinor <= 0) return ignored;
  if (await recordSeatInvoice(trx, { invoice, status: 'succeeded', at: event.created })) return { outcome: 'applied', mails: [] };
  const subscription = await findSubscriptionByProviderId(trx, 'stripe', invoice.subscriptionId);
  if (!subscription) return ignored;
  await recordInvoicePayment(trx, { invoice, subscription, status: 'succeeded', at: event.created });
  return {
    outcome: 'applied',
    mails: [
      {
        accountId: subscription.accountId,
        planId: subscription.planId,
        mail: { kind: 'receipt', amountMinor: invoice.amountPaidMinor, periodEnd: subscription.state.currentPeriodEnd },
      },
    ],
  };
};

/** A failed try at an invoice: a line in the ledger. The subscription's own event makes it past due, and the dunning job writes to the reader. */
const recordFailedInvoice: Handler<'invoice-payment-failed'> = async (trx, event) => {
  const { invoice } = event;
  if (invoice.subscriptionId === null || invoice.amountDueMinor <= 0) return ignored;
  if (await recordSeatInvoice(trx, { invoice, status: 'failed', at: event.created })) return { outcome: 'applied', mails: [] };
  const subscription = await findSubscriptionByProviderId(trx, 'stripe', invoice.subscriptionId);
  if (!subscription) return ignored;
  await recordInvoicePayment(trx, { invoice, subscription, status: 'failed', at: event.created });
  return { outcome: 'applied', mails: [] };
};

/** A customer's card: kept, with its expiry, for the reader whose subscription the customer pays. */
const keepCard: Handler<'card'> = async (trx, event) => {
  const { card } = event;
  const own = await trx
    .selectFrom('subscriptions')
    .select('account_id')
    .where('provider', '=', 'stripe')
    .where('provider_customer_id', '=', card.customerId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  // A company's buyer pays with the customer its subscription names.
  const bought = own
    ? undefined
    : await trx
        .selectFrom('organisation_subscriptions')
        .select('buyer_account_id as account_id')
        .where('provider', '=', 'stripe')
        .where('provider_customer_id', '=', card.customerId)
        .where('buyer_account_id', 'is not', null)
        .executeTakeFirst();
  const subscription = own ?? (bought?.account_id == null ? undefined : { account_id: bought.account_id });
  // Checkout attaches the card before Stripe tells of the subscription it pays for: failing the
  // event makes Stripe send it again later, when the customer is known.
  if (!subscription) throw new Error(`No subscription is paid by Stripe customer ${card.customerId} yet; the card's event will be retried`);
  await keepPaymentCard(
    trx,
    { accountId: subscription.account_id, provider: 'stripe', last4: card.last4, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear },
    event.created,
  );
  return { outcome: 'applied', mails: [] };
};

/** A gift's checkout paid: the gift is marked paid and its sale written in the payments ledger; the receipt follows the commit. */
const confirmPaidGift: Handler<'gift-paid'> = async (trx, event) => {
  const paidGift = await markGiftPaidIn(trx, { giftId: event.giftId, providerPaymentId: event.providerPaymentId, now: event.created });
  // Already confirmed by the buyer's return from checkout, or no such gift: the event is kept, so Stripe stops sending it.
  return paidGift === null ? ignored : { outcome: 'applied', mails: [], paidGift };
};

/** What Dateline acts on (stripe-event.ts says which event types carry what); every other event is recorded and otherwise ignored. */
function handle(trx: Transaction<Tables>, event: StripeEvent, ctx: CommerceContext): Promise<Handled> {
  switch (event.kind) {
    case 'subscription':
      return applySubscriptionSnapshot(trx, event, ctx);
    case 'invoice-paid':
      return recordPaidInvoice(trx, event, ctx);
    case 'invoice-payment-failed':
      return recordFailedInvoice(trx, event, ctx);
    case 'card':
      return keepCard(trx, event, ctx);
    case 'gift-paid':
      return confirmPaidGift(trx, event, ctx);
    case 'other':
      return Promise.resolve(ignored);
  }
}

/**
 * Handles one verified Stripe event exactly once: its id is recorded in the same transaction as
 * the change it makes, so a replay or a duplicate changes nothing, and a failure records nothing
 * (Stripe then retries). Mail goes out only after the change is committed.
 */
export async function handleStripeEvent(ctx: CommerceContext & { gifts: GiftPaymentContext }, event: StripeEvent): Promise<StripeEventOutcome> {
  const handled = await ctx.db.transaction().execute(async (trx): Promise<Handled> => {
    const recorded = await trx
      .insertInto('payment_events')
      .values({ provider: 'stripe', event_id: event.id, event_type: event.type, received_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.columns(['provider', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!recorded) return { outcome: 'duplicate', mails: [] };
    return handle(trx, event, ctx);
  });
  await handled.afterCommit?.();
  if (handled.insights) {
    const { startedId, move } = handled.insights;
    if (startedId !== null) await recordSubscriptionStart(ctx.insights, ctx.db, { subscriptionId: startedId, at: event.created });
    // Stripe's invoice brings the charge to the payments ledger apart from the move, so the move's own event carries none.
    if (move) recordSubscriptionMove(ctx.insights, { ...move, at: event.created });
  }
  for (const mail of handled.mails) await notifySubscriber(ctx, mail);
  if (handled.paidGift) await announceGiftPayment(ctx.gifts, { gift: handled.paidGift, now: event.created });
  return handled.outcome;
}
