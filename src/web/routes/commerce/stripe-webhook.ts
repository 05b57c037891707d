import type Stripe from 'stripe';
import type { StripeClient } from '../../../commerce/stripe/stripe-provider.ts';
import { handleStripeEvent } from '../../../commerce/stripe/handle-stripe-event.ts';
import { commerceContextOf, type App, type SiteDeps } from '../../site-deps.ts';

export const stripeWebhookPath = '/webhooks/stripe';

/**
 * Stripe's events. The signature is checked on the raw body before anything is read; an event is
 * acknowledged only after its change is committed, and any failure answers 500 so Stripe retries.
 */
export async function registerStripeWebhook(app: App, deps: SiteDeps, { stripe, webhookSecret }: { stripe: StripeClient; webhookSecret: string }): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1_048_576 }, (_request, body, done) => done(null, body));
    scope.post(stripeWebhookPath, async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      if (!Buffer.isBuffer(request.body) || typeof signature !== 'string') {
        return reply.status(400).send({ error: 'A signed Stripe event is expected' });
      }
      const sdk = await stripe();
      let event: Stripe.Event;
      try {
        event = sdk.webhooks.constructEvent(request.body, signature, webhookSecret);
      } catch {
        request.log.warn('Stripe webhook with a bad signature refused');
        return reply.status(400).send({ error: 'The signature does not match' });
      }
      const outcome = await handleStripeEvent(commerceContextOf(deps), {
        id: event.id,
        type: event.type,
        created: new Date(event.created * 1000),
        object: event.data.object,
      });
      request.log.info({ eventId: event.id, type: event.type, outcome }, 'Stripe event');
      return reply.send({ received: true, outcome });
    });
  });
}
