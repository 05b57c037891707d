import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Account } from '../../../accounts/account.ts';
import { DomainError } from '../../../errors/domain-error.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { statusOf } from '../../../http/error-status.ts';
import { commerceContextOf, type App } from '../../../http/site-deps.ts';
import { parseCancellationReason, type CancellationReason } from '../../../retention/cancellation-reasons.ts';
import { cancellationChoiceOf, decideCancellation, resubscribe, retentionOfferToken } from '../../../retention/cancel-flow.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { toCancelPageView } from '../../views/cancel-flow-view.ts';
import { subscriptionPaths } from '../../views/subscription-view.ts';
import { requireAccount } from '../accounts/account.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import { csrfField, csrfOnlyForm } from '../accounts/form-schemas.ts';

const title = 'Cancel your subscription';
const cancelForm = Type.Object({
  ...csrfField,
  reason: Type.Optional(Type.String({ maxLength: 100 })),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
  decision: Type.Union([Type.Literal('cancel'), Type.Literal('stay')]),
  offer: Type.Optional(Type.String({ maxLength: 100 })),
});

const unchanged = `${accountPaths.account}?changed=unchanged`;

/** None to cancel (none at all, or already canceled): the account page says so, as for resuming. */
function isConflict(error: unknown): error is DomainError {
  return error instanceof DomainError && error.meaning.kind === 'conflict';
}

/** The cancel page, as first shown or again with what the reader had entered and what went wrong. */
async function cancelPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  account: Account,
  {
    said,
    error = null,
    commentError = null,
    status = 200,
  }: { said?: CancellationReason; error?: string | null; commentError?: string | null; status?: number } = {},
) {
  const [choice, settings] = await Promise.all([cancellationChoiceOf(commerceContextOf(deps), { accountId: account.id }), readPublicationSettings(deps.db)]);
  const page = toCancelPageView({
    csrfToken: reply.generateCsrf(),
    ...choice,
    offerToken: retentionOfferToken(choice.offer),
    locale: settings.locale,
    timeZone: settings.timeZone,
    error,
    commentError,
    ...(said ? { said } : {}),
  });
  return sendAccountPage(request, reply, deps, { template: 'cancel-subscription', title, page, status });
}

/**
 * Cancelling takes as many steps as subscribing from the offers page: Cancel on the account page
 * opens one page (why, the one offer to stay, what cancelling means), and one button decides.
 */
export function registerCancelFlowRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(subscriptionPaths.cancel, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      return await cancelPage(request, reply, deps, account);
    } catch (error) {
      if (!isConflict(error)) throw error;
      return reply.redirect(unchanged, 303);
    }
  });

  app.post(subscriptionPaths.cancel, { schema: { body: cancelForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const { body } = request;
    let said: CancellationReason;
    try {
      said = parseCancellationReason(body);
    } catch (error) {
      if (!(error instanceof DomainError) || error.meaning.kind !== 'invalid') throw error;
      const kept = { reason: null, comment: body.comment ?? null };
      const commentError = error.meaning.field === 'comment' ? error.message : null;
      try {
        return await cancelPage(request, reply, deps, account, { said: kept, error: error.message, commentError, status: statusOf(error) });
      } catch (shown) {
        if (!isConflict(shown)) throw shown;
        return reply.redirect(unchanged, 303);
      }
    }
    try {
      const decided = await decideCancellation(commerceContextOf(deps), {
        accountId: account.id,
        said,
        decision: body.decision,
        offerShown: body.offer ?? 'none',
        now: deps.now(),
      });
      const changed = decided.kind === 'canceled' ? 'canceled' : decided.taken.kind === 'discount' ? 'offer-discount' : 'offer-pause';
      return reply.redirect(`${accountPaths.account}?changed=${changed}`, 303);
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (error.code !== 'offer-changed') return reply.redirect(unchanged, 303);
      // The offer changed under the reader: the page again, with the offer as it stands now.
      return cancelPage(request, reply, deps, account, { said, error: error.message, status: statusOf(error) });
    }
  });

  app.post(subscriptionPaths.resubscribe, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      const outcome = await resubscribe(commerceContextOf(deps), { accountId: account.id, now: deps.now() });
      return reply.redirect(outcome.kind === 'restarted' ? `${accountPaths.account}?changed=resubscribed` : accountPaths.offers, 303);
    } catch (error) {
      if (!isConflict(error)) throw error;
      return reply.redirect(unchanged, 303);
    }
  });
}
