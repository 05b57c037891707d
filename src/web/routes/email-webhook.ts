import type { App, SiteDeps } from '../../http/site-deps.ts';
import { parseEmailEvents } from '../../newsletters/suppression/email-events.ts';
import { applyEmailEvents } from '../../newsletters/suppression/suppress-address.ts';
import { emailWebhookSignatureHeader, isSignedEmailWebhookBody } from '../../newsletters/suppression/webhook-signature.ts';

export const emailWebhookPath = '/webhooks/email';

/**
 * An e-mail service's bounces and complaints, in one generic shape (a JSON list of
 * `{ email, kind, detail? }`), signed over the raw body with EMAIL_WEBHOOK_SECRET. Registered only
 * when that key is set: without it the address does not exist (404), as nothing could be trusted
 * there. A missing or bad signature answers 400, as Stripe's webhook does. No session, no CSRF token: the signature is the proof, as with Stripe's webhook. Answered
 * only after the suppressions are written; a failure answers 500 so the service sends again, which
 * is safe since a suppression written twice is written once.
 */
export async function registerEmailWebhook(app: App, deps: Pick<SiteDeps, 'db' | 'now'>, { secret }: { secret: string }): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 262_144 }, (_request, body, done) => done(null, body));
    scope.post(emailWebhookPath, async (request, reply) => {
      const signature = request.headers[emailWebhookSignatureHeader];
      if (!Buffer.isBuffer(request.body) || !isSignedEmailWebhookBody(request.body, typeof signature === 'string' ? signature : undefined, secret)) {
        request.log.warn('e-mail webhook with a missing or bad signature refused');
        return reply.status(400).send({ error: 'A body signed with X-Dateline-Signature is expected' });
      }
      let body: unknown;
      try {
        body = JSON.parse(request.body.toString('utf8'));
      } catch {
        return reply.status(400).send({ error: 'The body is not JSON' });
      }
      const parsed = parseEmailEvents(body);
      if ('problem' in parsed) return reply.status(400).send({ error: `The events are not in the expected shape: ${parsed.problem}` });
      const outcome = await applyEmailEvents(deps.db, parsed.events, { source: 'webhook', now: deps.now() });
      request.log.info(outcome, 'e-mail events');
      return reply.send({ received: parsed.events.length, ...outcome });
    });
  });
}
