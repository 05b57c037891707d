import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Account } from '../../../accounts/account.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../../commerce/commerce-settings.ts';
import { isInGracePeriod } from '../../../commerce/dunning.ts';
import { findPaymentCard } from '../../../commerce/payment-cards.ts';
import { cardPath } from '../../../commerce/payment-provider.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { checkCardForm, type CardForm, type CardProblems } from '../../../commerce/test-mode/card-details.ts';
import { keepTestCard } from '../../../commerce/test-mode/test-card-on-file.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import type { App } from '../../../http/site-deps.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import type { CardPageView } from '../../views/view-models.ts';
import { sendAccountPage } from '../accounts/account-page.ts';
import { requireAccount } from '../accounts/account.ts';
import { blankCardForm, cardFormBody, toCardFieldViews } from './test-checkout.ts';

const title = 'Update your card';

async function cardPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  account: Account,
  {
    form = blankCardForm,
    problems = {},
    message = null,
    status = 200,
  }: { form?: CardForm; problems?: CardProblems; message?: string | null; status?: number } = {},
) {
  const [card, subscription, settings] = await Promise.all([
    findPaymentCard(deps.db, account.id),
    findLatestSubscription(deps.db, account.id),
    readCommerceSettings(deps.db),
  ]);
  const fields = toCardFieldViews(form, problems);
  const page: CardPageView = {
    csrfToken: reply.generateCsrf(),
    error: null,
    message,
    saveUrl: cardPath,
    accountUrl: accountPaths.account,
    cardOnFile: card ? `Card ending ${card.last4}, expires ${String(card.expiryMonth).padStart(2, '0')}/${card.expiryYear}` : null,
    isPaymentFailing: subscription !== undefined && isInGracePeriod(subscription.state, { now: deps.now(), gracePeriodMs: gracePeriodMsOf(settings) }),
    ...fields,
  };
  const isInError = fields.errorSummary.length > 0;
  return sendAccountPage(request, reply, deps, { template: 'card', title: isInError ? `Error: ${title}` : title, page, status });
}

/**
 * "Update your card", where the payment-failed banner and mails lead. With Stripe it opens the
 * customer portal; test mode has its own page in its place, where a working card put on file is
 * charged on the job loop's next pass.
 */
export function registerCardRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(cardPath, { schema: { querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 4 })) }) } }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    if (deps.paymentProvider.kind !== 'test') {
      const subscription = await findLatestSubscription(deps.db, account.id);
      const url = subscription ? await deps.paymentProvider.customerPortalUrl(subscription, new URL('account', deps.publicUrl).toString()) : null;
      return reply.redirect(url ?? accountPaths.account, 303);
    }
    const card = request.query.saved === undefined ? undefined : await findPaymentCard(deps.db, account.id);
    const message = card ? `Your card ending ${card.last4} is saved. A payment that failed is taken again within a few minutes.` : null;
    return cardPage(request, reply, deps, account, { message });
  });

  if (deps.paymentProvider.kind !== 'test') return;
  app.post(
    cardPath,
    {
      schema: {
        body: cardFormBody,
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const account = await requireAccount(request, reply, deps);
      if (!account) return reply;
      const { card = '', expiry = '', cvc = '', postalCode = '' } = request.body;
      const form: CardForm = { card, expiry, cvc, postalCode };
      const { timeZone } = await readPublicationSettings(deps.db);
      const checked = checkCardForm(form, { now: deps.now(), timeZone });
      if (checked.kind === 'invalid') return cardPage(request, reply, deps, account, { form, problems: checked.problems, status: 400 });
      const { details } = checked;
      const kept = await keepTestCard(deps.db, {
        accountId: account.id,
        cardNumber: details.number,
        expiry: { month: details.expiryMonth, year: details.expiryYear },
        now: deps.now(),
      });
      if (kept.kind === 'kept') return reply.redirect(`${cardPath}?saved=1`, 303);
      // As Stripe's portal does, a declined card is typed again; everything else the reader typed stays.
      const problem = kept.kind === 'declined' ? 'Your card was declined. Try another card.' : 'In test mode, use the test card 4242 4242 4242 4242.';
      return cardPage(request, reply, deps, account, { form: { ...form, card: '' }, problems: { card: problem }, status: 402 });
    },
  );
}
