import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Account } from '../../../accounts/account.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { DomainError } from '../../../errors/domain-error.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { commerceContextOf, type App } from '../../../http/site-deps.ts';
import { statusOf } from '../../../http/error-status.ts';
import { parseCancellationReason, type CancellationReason } from '../../../retention/cancellation-reasons.ts';
import { acceptRetentionOffer, beginCancellation, cancellationChoiceOf, confirmCancellation, resubscribe } from '../../../retention/cancel-flow.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { toCancelConfirmView, toCancelReasonView } from '../../views/cancel-flow-view.ts';
import { subscriptionPaths } from '../../views/subscription-view.ts';
import { requireAccount } from '../accounts/account.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import { csrfField, csrfOnlyForm } from '../accounts/form-schemas.ts';

const title = 'Cancel your subscription';
const reasonForm = Type.Object({ ...csrfField, reason: Type.Optional(Type.String({ maxLength: 100 })), comment: Type.Optional(Type.String({ maxLength: 5000 })) });
// The id as the forms send it, digits only; a number too large for the table finds nothing.
const cancellationField = Type.String({ pattern: '^[0-9]{1,12}$' });
const cancellationForm = Type.Object({ ...csrfField, cancellation: cancellationField });
const cancellationQuery = Type.Object({ cancellation: cancellationField }, { additionalProperties: true });

/** A subscription that cannot be canceled now (none, or already canceled) sends the reader back to the account page, told so. */
function isConflict(error: unknown): boolean {
  return error instanceof DomainError && error.meaning.kind === 'conflict';
}

async function reasonPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  options: { said?: CancellationReason; error?: string | null; commentError?: string | null; status?: number } = {},
) {
  const page = toCancelReasonView(reply.generateCsrf(), options);
  return sendAccountPage(request, reply, deps, { template: 'cancel-reason', title, page, status: options.status ?? 200 });
}

async function hasLiveSubscription(deps: ReaderSiteDeps, account: Account): Promise<boolean> {
  const subscription = await findLatestSubscription(deps.db, account.id);
  return subscription?.state.status === 'trialing' || subscription?.state.status === 'active';
}

/**
 * Cancelling, in as many steps as subscribing: Cancel on the account page opens the reason form
 * (step one), whose Continue records what was said (two), and the next page offers the one
 * retention offer beside the confirmation (three: accept it, or cancel).
 */
export function registerCancelFlowRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(subscriptionPaths.cancel, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    if (!(await hasLiveSubscription(deps, account))) return reply.redirect(`${accountPaths.account}?changed=unchanged`, 303);
    return reasonPage(request, reply, deps);
  });

  app.post(subscriptionPaths.cancel, { schema: { body: reasonForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    let said: CancellationReason;
    try {
      said = parseCancellationReason(request.body);
    } catch (error) {
      if (!(error instanceof DomainError) || error.meaning.kind !== 'invalid') throw error;
      const kept = { reason: null, comment: request.body.comment ?? null };
      const isComment = error.meaning.field === 'comment';
      return reasonPage(request, reply, deps, { said: kept, error: error.message, commentError: isComment ? error.message : null, status: statusOf(error) });
    }
    try {
      const id = await beginCancellation(commerceContextOf(deps), { accountId: account.id, said, now: deps.now() });
      return reply.redirect(`${subscriptionPaths.cancelConfirm}?cancellation=${id}`, 303);
    } catch (error) {
      if (!isConflict(error)) throw error;
      return reply.redirect(`${accountPaths.account}?changed=unchanged`, 303);
    }
  });

  app.get(subscriptionPaths.cancelConfirm, { schema: { querystring: cancellationQuery } }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      const [choice, settings] = await Promise.all([
        cancellationChoiceOf(commerceContextOf(deps), { accountId: account.id, cancellationId: Number(request.query.cancellation) }),
        readPublicationSettings(deps.db),
      ]);
      const page = toCancelConfirmView(reply.generateCsrf(), {
        cancellationId: choice.cancellation.id,
        subscription: choice.subscription,
        plan: choice.plan,
        offer: choice.offer,
        locale: settings.locale,
        timeZone: settings.timeZone,
      });
      return sendAccountPage(request, reply, deps, { template: 'cancel-confirm', title, page });
    } catch (error) {
      if (!isConflict(error)) throw error;
      return reply.redirect(`${accountPaths.account}?changed=unchanged`, 303);
    }
  });

  for (const [path, decide] of [
    [subscriptionPaths.cancelConfirm, 'cancel'],
    [subscriptionPaths.cancelOffer, 'stay'],
  ] as const) {
    app.post(path, { schema: { body: cancellationForm }, preHandler: app.csrfProtection }, async (request, reply) => {
      const account = await requireAccount(request, reply, deps);
      if (!account) return reply;
      const input = { accountId: account.id, cancellationId: Number(request.body.cancellation), now: deps.now() };
      try {
        if (decide === 'cancel') {
          await confirmCancellation(commerceContextOf(deps), input);
          return reply.redirect(`${accountPaths.account}?changed=canceled`, 303);
        }
        const taken = await acceptRetentionOffer(commerceContextOf(deps), input);
        return reply.redirect(`${accountPaths.account}?changed=${taken.kind === 'discount' ? 'offer-discount' : 'offer-pause'}`, 303);
      } catch (error) {
        if (!isConflict(error)) throw error;
        return reply.redirect(`${accountPaths.account}?changed=unchanged`, 303);
      }
    });
  }

  app.post(subscriptionPaths.resubscribe, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      const outcome = await resubscribe(commerceContextOf(deps), { accountId: account.id, now: deps.now() });
      return reply.redirect(outcome.kind === 'restarted' ? `${accountPaths.account}?changed=resubscribed` : accountPaths.offers, 303);
    } catch (error) {
      if (!isConflict(error)) throw error;
      return reply.redirect(`${accountPaths.account}?changed=unchanged`, 303);
    }
  });
}
