import Stripe from 'stripe';
import type { Database } from '../src/db/database.ts';

const stripe = new Stripe('sk_test_hardening');
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Stripe's side of a finished checkout: a signed `customer.subscription.created` event for the
 * checkout Dateline opened, as Stripe delivers it (and delivers again until it is acknowledged).
 */
export function subscriptionCreatedDelivery({ key, checkoutId, now, webhookSecret }: { key: string; checkoutId: string; now: Date; webhookSecret: string }) {
  const payload = JSON.stringify({
    id: `evt_${key}`,
    object: 'event',
    type: 'customer.subscription.created',
    created: epochSeconds(now),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: null,
    data: {
      object: {
        id: `sub_${key}`,
        object: 'subscription',
        customer: `cus_${key}`,
        status: 'active',
        cancel_at_period_end: false,
        trial_end: null,
        ended_at: null,
        metadata: { checkoutId },
        items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: epochSeconds(new Date(now.getTime() + 30 * 86_400_000)) }] },
      },
    },
  });
  return { payload, signature: stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) };
}

/**
 * A reader at Stripe Checkout: the open checkout Dateline keeps for them, and the webhook request
 * by which Stripe will start their subscription (sent as often as a check likes, as Stripe retries).
 */
export async function checkoutAwaitingStripe(
  db: Database,
  { key, accountId, offerId, now, webhookSecret }: { key: string; accountId: number; offerId: number; now: Date; webhookSecret: string },
) {
  const checkoutId = `chk_${key}`;
  await db
    .insertInto('checkout_sessions')
    .values({
      id: checkoutId,
      account_id: accountId,
      offer_id: offerId,
      provider: 'stripe',
      provider_session_id: `cs_${key}`,
      status: 'open',
      created_at: now.toISOString(),
      completed_at: null,
    })
    .execute();
  const { payload, signature } = subscriptionCreatedDelivery({ key, checkoutId, now, webhookSecret });
  return {
    method: 'POST' as const,
    path: '/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  };
}
