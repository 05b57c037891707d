import type { Transaction } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { CheckoutRefusedError, completeCheckoutIn } from '../checkout.ts';
import { notifySubscriber, type CommerceContext } from '../commerce-context.ts';
import type { SubscriptionMail } from '../subscription-mail.ts';
import { findSubscriptionById, findSubscriptionByProviderId, updateSubscription } from '../subscription-repository.ts';
import type { StripeEvent } from './stripe-event.ts';
import { stateFromStripe } from './stripe-snapshot.ts';

export type StripeEventOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

type Mail = { accountId: number; planId: number; mail: SubscriptionMail };
type Handled = { outcome: StripeEventOutcome; mails: Mail[] };
type Handler<Kind extends StripeEvent['kind']> = (trx: Transaction<Tables>, event: Extract<StripeEvent, { kind: Kind }>) => Promise<Handled>;

const ignored: Handled = { outcome: 'ignored', mails: [] };

/** A subscription snapshot: creates Dateline's subscription from its checkout, or moves it, unless the event is older than the last applied. */
const applySubscriptionSnapshot: Handler<'subscription'> = async (trx, event) => {
  const snapshot = event.subscription;
  let subscription = await findSubscriptionByProviderId(trx, 'stripe', snapshot.id);
  const mails: Mail[] = [];
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
  if (!(await updateSubscription(trx, subscription, { state, providerEventAt: event.created }, event.created))) {
    throw new Error(`Subscription ${subscription.id} changed while a Stripe event was applied; the event will be retried`);
  }
  const recipient = { accountId: subscription.accountId, planId: subscription.planId };
  if (state.status === 'expired' && subscription.state.status !== 'expired') {
    mails.push({ ...recipient, mail: { kind: 'subscription-ended', endedFrom: state.endedFrom ?? 'subscription' } });
  }
  if (state.status === 'past_due' && subscription.state.status !== 'past_due') {
    mails.push({ ...recipient, mail: { kind: 'payment-failed', accessUntil: state.currentPeriodEnd } });
  }
  return { outcome: 'applied', mails };
};

/** A paid invoice: a receipt for the subscriber. The state moves with the subscription's own events. */
const sendReceipt: Handler<'invoice-paid'> = async (trx, event) => {
  const { subscriptionId, amountPaidMinor } = event.invoice;
  if (subscriptionId === null || amountPaidMinor <= 0) return ignored;
  const subscription = await findSubscriptionByProviderId(trx, 'stripe', subscriptionId);
  if (!subscription) return ignored;
  return {
    outcome: 'applied',
    mails: [
      {
        accountId: subscription.accountId,
        planId: subscription.planId,
        mail: { kind: 'receipt', amountMinor: amountPaidMinor, periodEnd: subscription.state.currentPeriodEnd },
      },
    ],
  };
};

/** What Dateline acts on (stripe-event.ts says which event types carry what); every other event is recorded and otherwise ignored. */
function handle(trx: Transaction<Tables>, event: StripeEvent): Promise<Handled> {
  switch (event.kind) {
    case 'subscription':
      return applySubscriptionSnapshot(trx, event);
    case 'invoice-paid':
      return sendReceipt(trx, event);
    case 'other':
      return Promise.resolve(ignored);
  }
}

/**
 * Handles one verified Stripe event exactly once: its id is recorded in the same transaction as
 * the change it makes, so a replay or a duplicate changes nothing, and a failure records nothing
 * (Stripe then retries). Mail goes out only after the change is committed.
 */
export async function handleStripeEvent(ctx: CommerceContext, event: StripeEvent): Promise<StripeEventOutcome> {
  const handled = await ctx.db.transaction().execute(async (trx): Promise<Handled> => {
    const recorded = await trx
      .insertInto('payment_events')
      .values({ provider: 'stripe', event_id: event.id, event_type: event.type, received_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.columns(['provider', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!recorded) return { outcome: 'duplicate', mails: [] };
    return handle(trx, event);
  });
  for (const mail of handled.mails) await notifySubscriber(ctx, mail);
  return handled.outcome;
}
