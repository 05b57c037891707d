import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../accounts/account.ts';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { sessionCookieName } from '../../../accounts/sessions.ts';
import { changeProfile, parseProfileChange } from '../../../accounts/update-account.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { findReaderAccount } from '../../../http/reader-identity.ts';
import type { App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { replacePassword } from '../../../accounts/replace-password.ts';
import type { AccountPageView, SubscriptionView } from '../../views/view-models.ts';
import { findOfferById, findPlanById } from '../../../commerce/catalogue-repository.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../../commerce/commerce-settings.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { findScheduledChange } from '../../../commerce/plan-change-repository.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { toSubscriptionView } from '../../views/subscription-view.ts';
import { findRetentionTaken } from '../../../retention/retention-repository.ts';
import { checkRateLimits, sendAccountPage } from './account-page.ts';
import { mailEmailChangeRequest } from './email-change-mail.ts';
import { registerEmailChangeRoutes } from './email-change.ts';
import { privateFeedViewOf } from '../../feeds/private-feed-account.ts';
import type { PrivateFeedView } from '../../feeds/private-feed-view.ts';
import { passwordForm, profileForm } from './form-schemas.ts';
import { ownDataViewOf } from './own-data-view.ts';
import { devicesViewOf } from '../../devices/device-account.ts';
import type { DevicesView } from '../../devices/device-view.ts';
import { giftListViewOf } from '../../gifts/gift-account.ts';
import { accountNewslettersViewOf } from '../../newsletters/newsletter-account.ts';
import type { AccountNewslettersView } from '../../newsletters/newsletter-views.ts';
import type { GiftListView } from '../../gifts/gift-views.ts';
import { Type } from 'typebox';
import { DomainError } from '../../../errors/domain-error.ts';
import { findLiveComplimentaryAccess } from '../../../readers/complimentary-access-repository.ts';
import { accountPlanChangeViewOf, planChangeConfirmations } from '../commerce/plan-change-account.ts';
import type { AccountPlanChangeView } from '../../views/plan-change-view.ts';

const title = 'Your account';
const roleLabels: Record<Account['role'], string> = {
  reader: 'Reader',
  contributor: 'Contributor',
  author: 'Author',
  editor: 'Editor',
  admin: 'Administrator',
  support: "Readers' desk",
};
const confirmations: Record<string, string> = {
  profile: 'Your details are saved.',
  email: 'Your new email address is confirmed: log in with it from now on.',
  password: 'Your new password is set. Other devices have been logged out.',
  subscribed: 'Welcome! Your subscription has started: every article is now open to you.',
  canceled: 'Your subscription is canceled. You keep full access until the end of the period.',
  resumed: 'Your subscription continues.',
  'offer-discount': 'Thank you for staying. Your discount applies from your next payment.',
  'offer-pause': 'Thank you for staying. Your payments are paused: keep reading, nothing is charged until the pause ends.',
  resubscribed: 'Welcome back! Your subscription has started again: every article is open to you.',
  unchanged: 'Your subscription could not be changed from its present state.',
  'feed-revoked': 'Your private feed is revoked: its address no longer works.',
  'feed-none': 'You had no private feed to revoke.',
  'gift-revoked': 'The gift link is revoked: it no longer opens its article.',
  'device-revoked': 'That device is signed out: its app will ask you to sign in again.',
  newsletters: 'Your newsletter choices are saved.',
};

/** The reader's latest subscription, told for the account page. */
async function subscriptionViewOf(deps: ReaderSiteDeps, accountId: number): Promise<SubscriptionView | null> {
  const subscription = await findLatestSubscription(deps.db, accountId);
  if (!subscription) return null;
  const [plan, found, settings, commerce, taken, scheduled] = await Promise.all([
    findPlanById(deps.db, subscription.planId),
    subscription.offerId === null ? undefined : findOfferById(deps.db, subscription.offerId),
    readPublicationSettings(deps.db),
    readCommerceSettings(deps.db),
    findRetentionTaken(deps.db, subscription.id),
    findScheduledChange(deps.db, subscription.id),
  ]);
  if (!plan) return null;
  const scheduledPlan = scheduled ? await findPlanById(deps.db, scheduled.toPlanId) : undefined;
  return toSubscriptionView(subscription, {
    plan,
    offer: found?.offer ?? null,
    settings,
    gracePeriodMs: gracePeriodMsOf(commerce),
    retention: taken,
    scheduledPlan: scheduledPlan ?? null,
  });
}

/** The complimentary access the reader holds now, told as such: it is given, not bought, and bills nothing. */
async function complimentaryViewOf(deps: ReaderSiteDeps, accountId: number): Promise<string | null> {
  const access = await findLiveComplimentaryAccess(deps.db, accountId, deps.now());
  if (!access) return null;
  const settings = await readPublicationSettings(deps.db);
  if (access.endsAt === null) return `Complimentary access from ${settings.name}, with no end date. Nothing is billed for it.`;
  const day = new Intl.DateTimeFormat(settings.locale, { dateStyle: 'long', timeZone: settings.timeZone }).format(access.endsAt);
  return `Complimentary access from ${settings.name} until ${day}. Nothing is billed for it.`;
}

function accountPage(
  csrfToken: string,
  account: Account,
  {
    error = null,
    message = null,
    subscription = null,
    planChange = null,
    complimentary = null,
    privateFeed,
    gifts = null,
    devices,
    newsletters,
  }: {
    error?: string | null;
    message?: string | null;
    subscription?: SubscriptionView | null;
    planChange?: AccountPlanChangeView | null;
    complimentary?: string | null;
    privateFeed: PrivateFeedView;
    gifts?: GiftListView | null;
    devices: DevicesView;
    newsletters: AccountNewslettersView;
  },
): AccountPageView {
  return {
    subscription,
    planChange,
    complimentary,
    privateFeed,
    gifts,
    devices,
    newsletters,
    ownData: ownDataViewOf(account),
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

/** The account page as the answer to one of its forms: what the form led to, and the account's details as the profile form shows them. */
async function answerWithAccountPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  shown: Account,
  { error = null, message = null, status }: { error?: string | null; message?: string | null; status: number },
): Promise<FastifyReply> {
  const page = accountPage(reply.generateCsrf(), shown, {
    error,
    message,
    subscription: await subscriptionViewOf(deps, shown.id),
    complimentary: await complimentaryViewOf(deps, shown.id),
    privateFeed: await privateFeedViewOf(deps, shown),
    devices: await devicesViewOf(deps, shown),
    newsletters: await accountNewslettersViewOf(deps, shown),
  });
  return sendAccountPage(request, reply, deps, { template: 'account', title, page, status });
}

/**
 * The limits on checking a signed-in reader's current password (for a new password or address):
 * the log-in's own counters, by client address and by the account's address, so that guessing a
 * password gains nothing by switching from one door to the other.
 */
function currentPasswordLimits(request: FastifyRequest, account: Account) {
  return [
    { rule: accountRateLimits.logInPerIp, subject: request.ip },
    { rule: accountRateLimits.logInPerAddress, subject: account.email },
  ];
}

/** The signed-in account, or a redirect to log in that brings the reader back here. */
export async function requireAccount(request: FastifyRequest, reply: FastifyReply, deps: ReaderSiteDeps): Promise<Account | null> {
  const account = await findReaderAccount(request, deps);
  if (!account) reply.redirect(`${accountPaths.logIn}?next=${encodeURIComponent(accountPaths.account)}`, 303);
  return account;
}

export function registerAccountRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(
    accountPaths.account,
    { schema: { querystring: Type.Object({ changed: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const account = await requireAccount(request, reply, deps);
      if (!account) return reply;
      const changed = request.query.changed ?? '';
      const subscription = await subscriptionViewOf(deps, account.id);
      const planChange = await accountPlanChangeViewOf(deps, account.id);
      const message = confirmations[changed] ?? (await planChangeConfirmations(deps, account.id, changed));
      return sendAccountPage(request, reply, deps, {
        template: 'account',
        title,
        page: accountPage(reply.generateCsrf(), account, {
          message,
          subscription,
          planChange,
          complimentary: await complimentaryViewOf(deps, account.id),
          privateFeed: await privateFeedViewOf(deps, account),
          devices: await devicesViewOf(deps, account),
          gifts: await giftListViewOf(request, deps, account),
          newsletters: await accountNewslettersViewOf(deps, account),
        }),
      });
    },
  );

  app.post(accountPaths.account, { schema: { body: profileForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const typed = { name: request.body.name ?? '', email: request.body.email };
    // A refused form is shown again as it was typed.
    const refuse = (error: string, status: number) => answerWithAccountPage(request, reply, deps, { ...account, ...typed }, { error, status });
    try {
      const change = parseProfileChange(typed, account);
      if (change.newEmail !== null) {
        const limited = await checkRateLimits(reply, deps, [
          ...currentPasswordLimits(request, account),
          { rule: accountRateLimits.emailChangePerAddress, subject: change.newEmail },
        ]);
        if (limited) return refuse(limited, 429);
      }
      const emailChange = await changeProfile(deps.db, { accountId: account.id, change, currentPassword: request.body.current ?? '', now: deps.now() });
      if (emailChange === null) return reply.redirect(`${accountPaths.account}?changed=profile`, 303);
      const { name: publication } = await readPublicationSettings(deps.db);
      await mailEmailChangeRequest(deps, { request: emailChange, publication });
      // The same words whether or not the new address is taken: only its owner, by mail, learns which.
      const message = `We sent a link to ${emailChange.newEmail} to confirm your new email address. It works for 24 hours; until it is followed, your address stays ${account.email}.`;
      return answerWithAccountPage(request, reply, deps, { ...account, name: change.name }, { message, status: 200 });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refuse(error.message, 400);
    }
  });

  app.post(accountPaths.accountPassword, { schema: { body: passwordForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const refuse = (error: string, status: number) => answerWithAccountPage(request, reply, deps, account, { error, status });
    const limited = await checkRateLimits(reply, deps, currentPasswordLimits(request, account));
    if (limited) return refuse(limited, 429);
    try {
      await replacePassword(deps.db, {
        proof: {
          kind: 'current-password',
          accountId: account.id,
          currentPassword: request.body.current ?? '',
          keepSessionToken: request.cookies[sessionCookieName],
        },
        password: request.body.password,
        now: deps.now(),
      });
      return reply.redirect(`${accountPaths.account}?changed=password`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refuse(error.message, 400);
    }
  });

  registerEmailChangeRoutes(app, deps);
}
