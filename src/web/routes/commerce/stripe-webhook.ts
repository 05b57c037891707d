import type Stripe from 'stripe';
import type { StripeClient } from '../../../commerce/stripe/stripe-provider.ts';
import { handleStripeEvent } from '../../../commerce/stripe/handle-stripe-event.ts';
import { parseStripeEvent } from '../../../commerce/stripe/stripe-event.ts';
import { commerceContextOf, giftCheckoutContextOf, type App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';

export const stripeWebhookPath = '/webhooks/stripe';

/**
 * Stripe's events. The signature is checked on the raw body before anything is read; an event is
 * acknowledged only after its change is committed, and a failure in handling answers 500 so Stripe
 * retries. A signed event that is not what Stripe's API describes is the sender's fault, not a passing
 * one: it answers 400, with one line in the log naming the event and what was wrong.
 */
export async function registerStripeWebhook(
  app: App,
  deps: ReaderSiteDeps,
  { stripe, webhookSecret }: { stripe: StripeClient; webhookSecret: string },
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1_048_576 }, (_request, body, done) => done(null, body));
    scope.post(stripeWebhookPath, async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      if (!Buffer.isBuffer(request.body) || typeof signature !== 'string') {
        return reply.status(400).send({ error: 'A signed Stripe event is expected' });
      }
      const sdk = await stripe();
      let signed: Stripe.Event;
      try {
        signed = sdk.webhooks.constructEvent(request.body, signature, webhookSecret);
      } catch (error) {
        // The SDK reads the body as JSON only once the signature holds.
        const problem = error instanceof SyntaxError ? 'the body is not JSON' : null;
        request.log.warn(problem === null ? 'Stripe webhook with a bad signature refused' : `Stripe event refused as malformed: ${problem}`);
        return reply.status(400).send({ error: problem === null ? 'The signature does not match' : `The event is not one Stripe's API describes: ${problem}` });
      }
      const event = parseStripeEvent(signed);
      if (event.kind === 'malformed') {
        request.log.warn({ eventId: event.eventId, problem: event.problem }, 'Stripe event refused as malformed');
        return reply.status(400).send({ error: `The event is not one Stripe's API describes: ${event.problem}` });
      }
      const outcome = await handleStripeEvent({ ...commerceContextOf(deps), gifts: giftCheckoutContextOf(deps) }, event);
      request.log.info({ eventId: event.id, type: event.type, outcome }, 'Stripe event');
      return reply.send({ received: true, outcome });
    });
  });
}
