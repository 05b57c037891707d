import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { checkRedemptionCode, redeemGiftSubscription } from '../../gift-subscriptions/redeem-gift-subscription.ts';
import { recordGiftRedeemed } from '../../gift-subscriptions/gift-subscription-insights.ts';
import { maximumRedemptionCodeLength } from '../../gift-subscriptions/redemption-code.ts';
import { accountPaths, withNext } from '../../http/account-paths.ts';
import { giftSubscriptionPaths } from '../../http/gift-subscription-paths.ts';
import { findReaderAccount } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { sendAccountPage } from '../routes/accounts/account-page.ts';
import { csrfField } from '../routes/accounts/form-schemas.ts';
import { giftFieldsOf, refusalMessages, refusalStatuses, type RedemptionPageView, type RedemptionShown, shownAfterRedemption } from './redemption-view.ts';

// A longer code is refused by the schema; a shorter or malformed one reaches the page, which says it is not valid.
const codeField = Type.String({ minLength: 1, maxLength: maximumRedemptionCodeLength });

async function redemptionPage(request: FastifyRequest, reply: FastifyReply, deps: ReaderSiteDeps, code: string, shown: RedemptionShown | null) {
  const account = await findReaderAccount(request, deps);
  const checked = await checkRedemptionCode(deps.db, { code, readerId: account?.id ?? null, key: deps.redemptionCodeKey });
  const { verdict } = checked;
  const here = `${giftSubscriptionPaths.redeem}?code=${encodeURIComponent(code)}`;
  const fromVerdict: RedemptionShown =
    verdict.kind === 'refused'
      ? { state: 'refused', status: refusalStatuses[verdict.reason], accessUntil: null, refusal: refusalMessages[verdict.reason] }
      : verdict.kind === 'redeemed-by-you'
        ? { state: 'yours', status: 200, accessUntil: verdict.accessUntil, refusal: '' }
        : { state: account === null ? 'sign-in' : 'redeemable', status: 200, accessUntil: null, refusal: '' };
  const { state, status, accessUntil, refusal } = shown ?? fromVerdict;
  const chrome = await deps.chrome();
  const page: RedemptionPageView = {
    state,
    csrfToken: reply.generateCsrf(),
    code,
    ...giftFieldsOf(checked.gift),
    accessUntilLabel: accessUntil === null ? '' : formatPublicationTime(accessUntil, chrome.settings),
    refusal,
    logInUrl: withNext(accountPaths.logIn, here),
    registerUrl: withNext(accountPaths.register, here),
    readUrl: '/',
  };
  return sendAccountPage(request, reply, deps, { template: 'gift-subscription-redeem', title: 'Your gift subscription', page, status });
}

/**
 * The redemption link's page: it shows the giver's name and message, asks a signed-out recipient to
 * log in or register (and brings them back), and redeems by a button, so a mail scanner that opens
 * the link redeems nothing. However many tabs press it, the gift is granted once.
 */
export function registerGiftSubscriptionRedemptionRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(giftSubscriptionPaths.redeem, { schema: { querystring: Type.Object({ code: codeField }) } }, async (request, reply) =>
    redemptionPage(request, reply, deps, request.query.code, null),
  );

  app.post(
    giftSubscriptionPaths.redeem,
    { schema: { body: Type.Object({ ...csrfField, code: codeField }) }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { code } = request.body;
      const account = await findReaderAccount(request, deps);
      if (!account) return reply.redirect(withNext(accountPaths.logIn, `${giftSubscriptionPaths.redeem}?code=${encodeURIComponent(code)}`), 303);
      const { timeZone } = (await deps.chrome()).settings;
      const outcome = await redeemGiftSubscription(deps.db, { code, readerId: account.id, key: deps.redemptionCodeKey, now: deps.now(), timeZone });
      // The reader's standing changed: every page this instance serves them from now on must see it.
      if (outcome.kind === 'redeemed') {
        deps.identities.forgetAll();
        recordGiftRedeemed(deps.insights, { ...outcome, readerId: account.id, at: deps.now() });
      }
      return redemptionPage(request, reply, deps, code, shownAfterRedemption(outcome));
    },
  );
}
