import type { Transaction } from 'kysely';
import type { Account } from '../accounts/account.ts';
import type { Tables } from '../db/tables.ts';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { newToken } from '../accounts/tokens.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import { addBillingInterval, addDays } from './billing-period.ts';
import { findOfferById, findOfferBySlug, redeemOffer } from './catalogue-repository.ts';
import type { PaymentProviderKind } from './commerce-tables.ts';
import { checkOffer, unavailabilityMessages, type OfferUnavailability } from './offer-rules.ts';
import type { PaymentProvider } from './payment-provider.ts';
import type { Offer, Plan } from './plan.ts';
import { findLatestSubscription, hasHadTrial, insertSubscription } from './subscription-repository.ts';
import { applySubscriptionEvent, isEntitledBy } from './subscription.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import { recordCheckoutStarted } from './subscription-insights.ts';

export type CheckoutProblem = OfferUnavailability | 'unknown-offer' | 'already-subscribed' | 'checkout-closed';

/** A checkout that cannot go ahead; the message is fit to show the reader. */
export class CheckoutRefusedError extends DomainError {
  readonly problem: CheckoutProblem;
  constructor(problem: CheckoutProblem) {
    const messages: Record<CheckoutProblem, string> = {
      ...unavailabilityMessages,
      'unknown-offer': 'There is no such offer.',
      'already-subscribed': 'You already have a subscription. You can manage it on your account page.',
      'checkout-closed': 'This checkout is already finished. Start again from the offers page.',
    };
    // An offer that is not there is missing; every other refusal clashes with the offer's or the reader's state.
    super(messages[problem], problem === 'unknown-offer' ? { kind: 'not-found' } : { kind: 'conflict' }, { code: problem });
    this.name = 'CheckoutRefusedError';
    this.problem = problem;
  }
}

async function assertCanSubscribe(db: Database, { account, offer, plan, now }: { account: Account; offer: Offer; plan: Plan; now: Date }): Promise<void> {
  const problem = checkOffer({ offer, plan, now, hasUsedTrial: await hasHadTrial(db, account.id) });
  if (problem) throw new CheckoutRefusedError(problem);
  const latest = await findLatestSubscription(db, account.id);
  if (latest && latest.state.status !== 'expired' && isEntitledBy(latest.state, { now, gracePeriodMs: 0 })) {
    throw new CheckoutRefusedError('already-subscribed');
  }
}

/**
 * Opens a checkout for an offer with the provider; the reader goes to `redirectUrl` to pay. The
 * caller vouches that `returnPath` (where the reader goes once paid) and `cancelPath` (where they
 * go on leaving the provider's checkout unpaid; the offers page when none is named) are paths on
 * this site.
 */
export async function startCheckout(
  { db, provider, publicUrl, insights }: { db: Database; provider: PaymentProvider; publicUrl: URL; insights: InsightLedger },
  {
    account,
    offerSlug,
    returnPath = null,
    cancelPath = '/offers',
    now,
  }: { account: Account; offerSlug: string; returnPath?: string | null; cancelPath?: string; now: Date },
): Promise<{ redirectUrl: string }> {
  const found = await findOfferBySlug(db, offerSlug);
  if (!found) throw new CheckoutRefusedError('unknown-offer');
  await assertCanSubscribe(db, { account, ...found, now });
  const checkoutId = newToken();
  const { redirectUrl, providerSessionId } = await provider.startCheckout({
    checkoutId,
    account,
    ...found,
    successUrl: new URL(`checkout/done?checkout=${checkoutId}`, publicUrl).toString(),
    cancelUrl: new URL(cancelPath.replace(/^\//, ''), publicUrl).toString(),
  });
  await db
    .insertInto('checkout_sessions')
    .values({
      id: checkoutId,
      account_id: account.id,
      offer_id: found.offer.id,
      provider: provider.kind,
      provider_session_id: providerSessionId,
      status: 'open',
      created_at: now.toISOString(),
      completed_at: null,
      return_path: returnPath,
    })
    .execute();
  recordCheckoutStarted(insights, { checkoutId, accountId: account.id, offerId: found.offer.id, planId: found.plan.id, at: now });
  return { redirectUrl };
}

export type OpenCheckout = { id: string; accountId: number; offer: Offer; plan: Plan; provider: PaymentProviderKind; returnPath: string | null };

/** An open checkout of this reader's, with its offer, for the payment page. */
export async function findOpenCheckout(db: Database, { checkoutId, accountId }: { checkoutId: string; accountId: number }): Promise<OpenCheckout | undefined> {
  const row = await db
    .selectFrom('checkout_sessions')
    .selectAll()
    .where('id', '=', checkoutId)
    .where('account_id', '=', accountId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!row) return undefined;
  const found = await findOfferById(db, row.offer_id);
  return found ? { id: row.id, accountId: row.account_id, provider: row.provider, returnPath: row.return_path, ...found } : undefined;
}

/**
 * Completes a paid checkout: in one transaction the checkout closes (only once, however often it is
 * submitted), the offer counts a redemption (only under its cap), and the subscription starts
 * (only one live per reader). Returns the new subscription's id.
 */
export async function completeCheckout(db: Database, completion: CheckoutCompletion): Promise<number> {
  return db.transaction().execute((trx) => completeCheckoutIn(trx, completion));
}

type CheckoutCompletion = {
  checkoutId: string;
  providerSubscriptionId?: string | null;
  providerCustomerId?: string | null;
  providerEventAt?: Date | null;
  now: Date;
};

/** The same, inside the caller's transaction (the Stripe webhook records its event in the same one). */
export async function completeCheckoutIn(
  trx: Transaction<Tables>,
  { checkoutId, providerSubscriptionId = null, providerCustomerId = null, providerEventAt = null, now }: CheckoutCompletion,
): Promise<number> {
  const closed = await trx
    .updateTable('checkout_sessions')
    .set({ status: 'completed', completed_at: now.toISOString() })
    .where('id', '=', checkoutId)
    .where('status', '=', 'open')
    .returning(['account_id', 'offer_id', 'provider'])
    .executeTakeFirst();
  if (!closed) throw new CheckoutRefusedError('checkout-closed');
  // Asked before anything is redeemed or inserted: on PostgreSQL a unique violation would abort the caller's whole
  // transaction (the webhook's record of its event with it). The index still settles a race.
  const live = await trx
    .selectFrom('subscriptions')
    .select('id')
    .where('account_id', '=', closed.account_id)
    .where('status', '<>', 'expired')
    .executeTakeFirst();
  if (live) throw new CheckoutRefusedError('already-subscribed');
  const found = await findOfferById(trx, closed.offer_id);
  if (!found) throw new CheckoutRefusedError('unknown-offer');
  const { offer, plan } = found;
  if (!(await redeemOffer(trx, offer.id))) throw new CheckoutRefusedError('sold-out');
  // The offer's count is shown (an offer at its cap disappears), so cached pages must move on.
  await bumpContentVersion(trx, now);
  const trialEnd = offer.terms.kind === 'free-trial' ? addDays(now, offer.terms.days) : null;
  const state = applySubscriptionEvent(null, { type: 'started', trialEnd, currentPeriodEnd: trialEnd ?? addBillingInterval(now, plan.interval) });
  try {
    return await insertSubscription(
      trx,
      {
        accountId: closed.account_id,
        planId: plan.id,
        offerId: offer.id,
        provider: closed.provider === 'stripe' ? 'stripe' : 'test',
        providerSubscriptionId,
        providerCustomerId,
        providerEventAt,
        state,
        introPeriodsLeft: offer.terms.kind === 'introductory-price' ? offer.terms.periods - 1 : 0,
      },
      now,
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new CheckoutRefusedError('already-subscribed');
    throw error;
  }
}
