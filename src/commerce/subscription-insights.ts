import type { InsightLedger } from '../insights/insight-ledger.ts';
import { accountReader } from '../insights/reader-key.ts';
import { subscriptionMoveKindOf } from '../insights/subscription-moves.ts';
import type { Database } from '../db/database.ts';
import { findOfferById, findPlanById } from './catalogue-repository.ts';
import { firstChargeMinor } from './offer-rules.ts';
import { findSubscriptionById, type Subscription } from './subscription-repository.ts';
import type { SubscriptionState } from './subscription.ts';

/**
 * What the commerce path tells the insights ledger, once each change is committed. Every event has
 * a once key (insight-event.ts) from what made it: the checkout's id, the subscription's id, or the
 * subscription's id with the version its move wrote. A move is written by one instance only (the
 * version check), and a webhook retried or a checkout completed both by the reader's return and by
 * the provider's event records the same key, which the ledger writes once.
 */

type Charge = { amountMinor: number; currency: string };

/** A checkout opened for an offer: the reader is on their way to pay. */
export function recordCheckoutStarted(
  ledger: InsightLedger,
  { checkoutId, accountId, offerId, planId, at }: { checkoutId: string; accountId: number; offerId: number; planId: number; at: Date },
): void {
  ledger.record({ kind: 'checkout-started', offerId, planId, at, reader: accountReader(accountId), onceKey: checkoutId });
}

/**
 * A subscription has moved from `subscription.state` (at `subscription.version`) to `after`: its
 * count for the newsroom (subscription-moves.ts), with the charge that moved it where the move
 * knows it, and a cancellation's reason (the key the reader chose, never their own words).
 */
export function recordSubscriptionMove(
  ledger: InsightLedger,
  {
    subscription,
    after,
    at,
    charge = null,
    reason = null,
  }: { subscription: Subscription; after: SubscriptionState; at: Date; charge?: Charge | null; reason?: string | null },
): void {
  const kind = subscriptionMoveKindOf(subscription.state, after);
  if (kind === null) return;
  const context = {
    at,
    reader: accountReader(subscription.accountId),
    planId: subscription.planId,
    ...(subscription.offerId === null ? {} : { offerId: subscription.offerId }),
    onceKey: `subscription-${subscription.id}/v${subscription.version + 1}`,
  };
  switch (kind) {
    case 'canceled':
      ledger.record({ kind, reason, ...context });
      return;
    case 'lapsed':
      ledger.record({ kind, endedFrom: after.endedFrom ?? 'subscription', ...context });
      return;
    default:
      ledger.record({ kind, amountMinor: charge?.amountMinor ?? null, currency: charge?.currency ?? null, ...context });
  }
}

/**
 * A new subscription: started (a trial or paid, with its first charge as its offer sets it), and
 * resubscribed as well when the reader had one before.
 */
export async function recordSubscriptionStart(
  ledger: InsightLedger,
  db: Database,
  { subscriptionId, at }: { subscriptionId: number; at: Date },
): Promise<void> {
  const subscription = await findSubscriptionById(db, subscriptionId);
  if (!subscription) return;
  const [offered, plan, earlier] = await Promise.all([
    subscription.offerId === null ? undefined : findOfferById(db, subscription.offerId),
    findPlanById(db, subscription.planId),
    db.selectFrom('subscriptions').select('id').where('account_id', '=', subscription.accountId).where('id', '<', subscription.id).executeTakeFirst(),
  ]);
  if (!plan) return;
  const context = {
    at,
    reader: accountReader(subscription.accountId),
    planId: plan.id,
    ...(subscription.offerId === null ? {} : { offerId: subscription.offerId }),
    onceKey: `subscription-${subscription.id}`,
  };
  const amountMinor = offered ? firstChargeMinor(offered.offer, plan) : plan.priceMinor;
  ledger.record({ kind: 'subscription-started', isTrial: subscription.state.trialEnd !== null, amountMinor, currency: plan.currency, ...context });
  if (earlier) ledger.record({ kind: 'resubscribed', ...context });
}
