import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Account } from '../../../accounts/account.ts';
import { changePlan, readPlanChoices, withdrawPlanChange } from '../../../commerce/change-plan.ts';
import { DomainError } from '../../../errors/domain-error.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { statusOf } from '../../../http/error-status.ts';
import { commerceContextOf, type App } from '../../../http/site-deps.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { planChangePaths, toChangePlanPageView } from '../../views/plan-change-view.ts';
import { requireAccount } from '../accounts/account.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import { csrfField, csrfOnlyForm } from '../accounts/form-schemas.ts';

const title = 'Change your plan';
const slug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' });
const changeForm = Type.Object({ ...csrfField, plan: slug });
const unchanged = `${accountPaths.account}?changed=unchanged`;

/** The page, as a list or as the confirmation of one plan; without a subscription to change, the account page. */
async function changePlanPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  account: Account,
  { confirmSlug = null, error = null, status = 200 }: { confirmSlug?: string | null; error?: string | null; status?: number } = {},
) {
  const now = deps.now();
  const [overview, settings] = await Promise.all([readPlanChoices({ db: deps.db }, { accountId: account.id, now }), readPublicationSettings(deps.db)]);
  if (!overview) return reply.redirect(unchanged, 303);
  const page = toChangePlanPageView(overview, {
    csrfToken: reply.generateCsrf(),
    confirmSlug,
    error,
    locale: settings.locale,
    timeZone: settings.timeZone,
    now,
  });
  return sendAccountPage(request, reply, deps, { template: 'change-plan', title, page, status });
}

/**
 * Changing plans from the account page: the list of plans with what each costs, one chosen and
 * confirmed, and the move; a waiting downgrade can be called off from here or the account page.
 */
export function registerPlanChangeRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(planChangePaths.change, { schema: { querystring: Type.Object({ plan: Type.Optional(slug) }) } }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    return changePlanPage(request, reply, deps, account, { confirmSlug: request.query.plan ?? null });
  });

  app.post(planChangePaths.change, { schema: { body: changeForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const plan = await deps.db.selectFrom('plans').select('id').where('slug', '=', request.body.plan).executeTakeFirst();
    if (!plan) return changePlanPage(request, reply, deps, account, { error: 'There is no such plan', status: 404 });
    try {
      const outcome = await changePlan(commerceContextOf(deps), { accountId: account.id, planId: plan.id, now: deps.now() });
      const changed = outcome.kind === 'changed' ? 'plan-changed' : outcome.kind === 'scheduled' ? 'plan-scheduled' : 'plan-declined';
      return reply.redirect(`${accountPaths.account}?changed=${changed}`, 303);
    } catch (error) {
      // Refused (the rule's reasons, or a change made meanwhile): the list again, saying why.
      if (!(error instanceof DomainError) || (error.meaning.kind !== 'conflict' && error.meaning.kind !== 'not-found')) throw error;
      return changePlanPage(request, reply, deps, account, { error: error.message, status: statusOf(error) });
    }
  });

  app.post(planChangePaths.withdraw, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      await withdrawPlanChange(commerceContextOf(deps), { accountId: account.id, now: deps.now() });
      return reply.redirect(`${accountPaths.account}?changed=plan-kept`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.meaning.kind !== 'conflict') throw error;
      return reply.redirect(unchanged, 303);
    }
  });
}
