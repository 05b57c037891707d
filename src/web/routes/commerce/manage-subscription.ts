import { resumeSubscription } from '../../../commerce/manage-subscription.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { commerceContextOf, type App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { subscriptionPaths } from '../../views/subscription-view.ts';
import { requireAccount } from '../accounts/account.ts';
import { csrfOnlyForm } from '../accounts/form-schemas.ts';
import { DomainError } from '../../../errors/domain-error.ts';

export function registerSubscriptionRoutes(app: App, deps: ReaderSiteDeps): void {
  app.post(subscriptionPaths.billing, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const subscription = await findLatestSubscription(deps.db, account.id);
    const url = subscription ? await deps.paymentProvider.customerPortalUrl(subscription, new URL('account', deps.publicUrl).toString()) : null;
    return reply.redirect(url ?? accountPaths.account, 303);
  });

  // Cancelling has steps of its own (cancel-flow.ts); resuming is one.
  for (const [path, change, confirmation] of [[subscriptionPaths.resume, resumeSubscription, 'resumed']] as const) {
    app.post(path, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
      const account = await requireAccount(request, reply, deps);
      if (!account) return reply;
      try {
        await change(commerceContextOf(deps), { accountId: account.id, now: deps.now() });
        return reply.redirect(`${accountPaths.account}?changed=${confirmation}`, 303);
      } catch (error) {
        // A subscription already in the state asked for is left as it is, and the reader told so.
        if (!(error instanceof DomainError) || error.meaning.kind !== 'conflict') throw error;
        return reply.redirect(`${accountPaths.account}?changed=unchanged`, 303);
      }
    });
  }
}
