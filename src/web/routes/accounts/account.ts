import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../accounts/account.ts';
import { AccountError } from '../../../accounts/account-errors.ts';
import { closeOtherSessions, sessionCookieName } from '../../../accounts/sessions.ts';
import { revokeAllApiTokens } from '../../../api/api-tokens.ts';
import { changePassword, updateProfile } from '../../../accounts/update-account.ts';
import { accountPaths } from '../../account-paths.ts';
import { findReaderAccount } from '../../reader-identity.ts';
import type { App, SiteDeps } from '../../site-deps.ts';
import type { AccountPageView, SubscriptionView } from '../../views/view-models.ts';
import { findOfferById, findPlanById } from '../../../commerce/catalogue-repository.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../../commerce/commerce-settings.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { toSubscriptionView } from '../../views/subscription-view.ts';
import { sendAccountPage } from './account-page.ts';
import { privateFeedViewOf } from '../../feeds/private-feed-account.ts';
import type { PrivateFeedView } from '../../feeds/private-feed-view.ts';
import { passwordForm, profileForm } from './form-schemas.ts';
import { devicesViewOf } from '../../devices/device-account.ts';
import type { DevicesView } from '../../devices/device-view.ts';
import { giftListViewOf } from '../../gifts/gift-account.ts';
import type { GiftListView } from '../../gifts/gift-views.ts';
import { Type } from 'typebox';

const title = 'Your account';
const roleLabels: Record<Account['role'], string> = { reader: 'Reader', contributor: 'Contributor', author: 'Author', editor: 'Editor', admin: 'Administrator' };
const confirmations: Record<string, string> = {
  profile: 'Your details are saved.',
  password: 'Your new password is set. Other devices have been logged out.',
  subscribed: 'Welcome! Your subscription has started: every article is now open to you.',
  canceled: 'Your subscription is canceled. You keep full access until the end of the period.',
  resumed: 'Your subscription continues.',
  unchanged: 'Your subscription could not be changed from its present state.',
  'feed-revoked': 'Your private feed is revoked: its address no longer works.',
  'feed-none': 'You had no private feed to revoke.',
  'gift-revoked': 'The gift link is revoked: it no longer opens its article.',
  'device-revoked': 'That device is signed out: its app will ask you to sign in again.',
};

/** The reader's latest subscription, told for the account page. */
async function subscriptionViewOf(deps: SiteDeps, accountId: number): Promise<SubscriptionView | null> {
  const subscription = await findLatestSubscription(deps.db, accountId);
  if (!subscription) return null;
  const [plan, found, settings, commerce] = await Promise.all([
    findPlanById(deps.db, subscription.planId),
    subscription.offerId === null ? undefined : findOfferById(deps.db, subscription.offerId),
    readPublicationSettings(deps.db),
    readCommerceSettings(deps.db),
  ]);
  if (!plan) return null;
  return toSubscriptionView(subscription, { plan, offer: found?.offer ?? null, settings, gracePeriodMs: gracePeriodMsOf(commerce) });
}

function accountPage(
  csrfToken: string,
  account: Account,
  { error = null, message = null, subscription = null, privateFeed, gifts = null, devices }: { error?: string | null; message?: string | null; subscription?: SubscriptionView | null; privateFeed: PrivateFeedView; gifts?: GiftListView | null; devices: DevicesView },
): AccountPageView {
  return {
    subscription,
    privateFeed,
    gifts,
    devices,
    offersUrl: accountPaths.offers,
    csrfToken,
    error,
    message,
    name: account.name,
    email: account.email,
    hasPassword: account.hasPassword,
    roleLabel: roleLabels[account.role],
    profileUrl: accountPaths.account,
    passwordUrl: accountPaths.accountPassword,
  };
}

/** The signed-in account, or a redirect to log in that brings the reader back here. */
export async function requireAccount(request: FastifyRequest, reply: FastifyReply, deps: SiteDeps): Promise<Account | null> {
  const account = await findReaderAccount(request, deps);
  if (!account) reply.redirect(`${accountPaths.logIn}?next=${encodeURIComponent(accountPaths.account)}`, 303);
  return account;
}

export function registerAccountRoutes(app: App, deps: SiteDeps): void {
  app.get(accountPaths.account, { schema: { querystring: Type.Object({ changed: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true }) } }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const message = confirmations[request.query.changed ?? ''] ?? null;
    const subscription = await subscriptionViewOf(deps, account.id);
    return sendAccountPage(request, reply, deps, { template: 'account', title, page: accountPage(reply.generateCsrf(), account, { message, subscription, privateFeed: await privateFeedViewOf(deps, account), devices: await devicesViewOf(deps, account), gifts: await giftListViewOf(request, deps, account) }) });
  });

  app.post(accountPaths.account, { schema: { body: profileForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      await updateProfile(deps.db, account.id, { name: request.body.name ?? '', email: request.body.email }, deps.now());
      return reply.redirect(`${accountPaths.account}?changed=profile`, 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const page = accountPage(reply.generateCsrf(), { ...account, name: request.body.name ?? '', email: request.body.email }, { error: error.message, subscription: await subscriptionViewOf(deps, account.id), privateFeed: await privateFeedViewOf(deps, account), devices: await devicesViewOf(deps, account) });
      return sendAccountPage(request, reply, deps, { template: 'account', title, page, status: 400 });
    }
  });

  app.post(accountPaths.accountPassword, { schema: { body: passwordForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      await changePassword(deps.db, account.id, { current: request.body.current ?? '', next: request.body.password }, deps.now());
      await closeOtherSessions(deps.db, account.id, request.cookies[sessionCookieName]);
      await revokeAllApiTokens(deps.db, { accountId: account.id, now: deps.now() });
      return reply.redirect(`${accountPaths.account}?changed=password`, 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const page = accountPage(reply.generateCsrf(), account, { error: error.message, subscription: await subscriptionViewOf(deps, account.id), privateFeed: await privateFeedViewOf(deps, account), devices: await devicesViewOf(deps, account) });
      return sendAccountPage(request, reply, deps, { template: 'account', title, page, status: 400 });
    }
  });
}
