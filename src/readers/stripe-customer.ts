import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Plan } from '../commerce/plan.ts';

import type { StripeClient } from '../commerce/stripe/stripe-provider.ts';
import { stateFromStripe, stripeSubscriptionStatuses } from '../commerce/stripe/stripe-snapshot.ts';
import type { SubscriptionState } from '../commerce/subscription.ts';

const timestamp = Type.Integer({ minimum: 0, maximum: 253_402_300_799 });
const stripeId = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000]*$' });

/** What Dateline reads of a customer's subscriptions in Stripe's list (the 2025 API versions keep the period on the items). */
const subscriptionList = Type.Object({
  data: Type.Array(
    Type.Object({
      id: stripeId,
      status: Type.Enum(stripeSubscriptionStatuses),
      cancel_at_period_end: Type.Boolean(),
      trial_end: Type.Union([timestamp, Type.Null()]),
      ended_at: Type.Union([timestamp, Type.Null()]),
      current_period_end: Type.Optional(timestamp),
      items: Type.Object({
        data: Type.Array(
          Type.Object({
            current_period_end: Type.Optional(timestamp),
            price: Type.Object({
              id: stripeId,
              unit_amount: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
              currency: Type.String({ minLength: 3, maxLength: 3 }),
              recurring: Type.Union([Type.Object({ interval: Type.String() }), Type.Null()]),
            }),
          }),
        ),
      }),
    }),
  ),
});
const checkSubscriptionList = Compile(subscriptionList);
type StripeListedSubscription = Static<typeof subscriptionList>['data'][number];

/** A customer's live subscription at Stripe, in Dateline's terms, with the price it bills. */
export type StripeLiveSubscription = {
  id: string;
  state: SubscriptionState;
  price: { id: string; amountMinor: number | null; currency: string; interval: string | null };
};

/** Stripe's answer is not what its API promises, or Stripe cannot be reached: the import cannot say who subscribes. */
export class StripeLookupError extends Error {
  override name = 'StripeLookupError';
}

const liveStatuses: ReadonlySet<string> = new Set(['trialing', 'active', 'past_due', 'unpaid']);

function liveSubscriptionOf(listed: StripeListedSubscription, at: Date): StripeLiveSubscription | null {
  const item = listed.items.data[0];
  const periodEnd = item?.current_period_end ?? listed.current_period_end;
  if (!liveStatuses.has(listed.status) || item === undefined || periodEnd === undefined) return null;
  const state = stateFromStripe(
    {
      id: listed.id,
      customerId: null,
      status: listed.status,
      cancelAtPeriodEnd: listed.cancel_at_period_end,
      currentPeriodEnd: new Date(periodEnd * 1000),
      trialEnd: listed.trial_end === null ? null : new Date(listed.trial_end * 1000),
      endedAt: listed.ended_at === null ? null : new Date(listed.ended_at * 1000),
      checkoutId: null,
    },
    null,
    at,
  );
  if (state === null) return null;
  const { price } = item;
  return {
    id: listed.id,
    state,
    price: { id: price.id, amountMinor: price.unit_amount, currency: price.currency, interval: price.recurring?.interval ?? null },
  };
}

/**
 * The customer's live subscription at Stripe (trialing, active, past due, or canceled and paid up to
 * its period's end), the newest when there are several; null when they have none.
 */
export async function findLiveStripeSubscription(client: StripeClient, customerId: string, at: Date): Promise<StripeLiveSubscription | null> {
  let answer: unknown;
  try {
    const stripe = await client();
    answer = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 20 });
  } catch (error) {
    throw new StripeLookupError(`Stripe could not be asked about customer ${customerId}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!checkSubscriptionList.Check(answer))
    throw new StripeLookupError(`Stripe's list of the subscriptions of customer ${customerId} is not what its API promises`);
  for (const listed of answer.data) {
    const live = liveSubscriptionOf(listed, at);
    if (live) return live;
  }
  return null;
}

/** What a plan is billed at, and the Stripe price that names it, if any. */
export type StripePricedPlan = Pick<Plan, 'priceMinor' | 'interval'> & { currency: string; stripePriceId: string | null };

/**
 * The plan a Stripe price bills for: the one that names the price, else the one plan at that amount,
 * currency and interval (a subscription begun in Ghost has Ghost's price). Null when no plan, or
 * more than one, fits.
 */
export function planOfStripePrice<P extends StripePricedPlan>(price: StripeLiveSubscription['price'], plans: readonly P[]): P | null {
  const named = plans.find((plan) => plan.stripePriceId === price.id);
  if (named) return named;
  const fitting = plans.filter(
    (plan) => plan.priceMinor === price.amountMinor && plan.currency.toLowerCase() === price.currency.toLowerCase() && plan.interval === price.interval,
  );
  return fitting.length === 1 ? (fitting[0] ?? null) : null;
}
