import Stripe from 'stripe';

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
