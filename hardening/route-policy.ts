import { staffRoles, type StaffRole } from '../src/accounts/account.ts';
import { can, canEditArticle, canPublishArticle, type NewsroomAction } from '../src/admin/permissions.ts';
import type { WebRole } from './role-fixtures.ts';
import type { Route } from './route-list.ts';

/**
 * Who may use each route of the site, as one table: the specification the authorization check
 * holds the server to. A route the app serves that is missing here fails the check, so a route
 * added tomorrow has to be placed in it before the suite passes.
 */
export type RoutePolicy =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** Anyone with an account: readers, subscribers and staff. */
  | { kind: 'signed-in' }
  /** Readers entitled to every article: subscribers and newsroom staff; a reader without a subscription is refused. */
  | { kind: 'entitled' }
  /** Subscribers alone (their subscription entitles them): gifts are a subscriber's allowance, so staff are refused too. */
  | { kind: 'subscriber' }
  /** Readers' own accounts, subscribed or not: a staff account is the newsroom's, never deleted from the account page. */
  | { kind: 'reader-account' }
  /**
   * The apps' API. A bearer token issued at sign-in is what opens it, never the site's cookies, so
   * no form or CSRF token plays a part; with `needsToken`, a request without a live token is refused.
   */
  | { kind: 'api'; needsToken: boolean }
  /** Newsroom staff whose role allows the action; `null` for any newsroom role. */
  | { kind: 'staff'; action: NewsroomAction | null }
  /** The first-run page: open to all, guarded by the printed one-time token instead of a role. */
  | { kind: 'setup' }
  /** Stripe's events and an e-mail service's: guarded by their signature, not by a session or a form token. */
  | { kind: 'webhook' }
  /**
   * RFC 8058's one-click unsubscribe, which a mail client POSTs with no cookie and no form of the
   * site's: guarded by the signed token in its address alone, with no session and no CSRF token.
   */
  | { kind: 'one-click' }
  /**
   * A gift's checkout pages (its test-mode payment page, its receipt): only the browser that began the
   * checkout, by the signed cookie the purchase set, signed in or not; anyone else is refused.
   */
  | { kind: 'buyer' };

const policies: Readonly<Record<string, RoutePolicy>> = {
  // The reader site and its files
  'GET /': { kind: 'public' },
  'GET /:section': { kind: 'public' },
  'GET /:section/:slug': { kind: 'public' },
  'GET /authors/:slug': { kind: 'public' },
  'GET /search': { kind: 'public' },
  'GET /feed.xml': { kind: 'public' },
  'GET /atom.xml': { kind: 'public' },
  'GET /feed.json': { kind: 'public' },
  'GET /:section/feed.xml': { kind: 'public' },
  'GET /:section/atom.xml': { kind: 'public' },
  'GET /:section/feed.json': { kind: 'public' },
  'GET /authors/:slug/feed.xml': { kind: 'public' },
  'GET /authors/:slug/atom.xml': { kind: 'public' },
  'GET /authors/:slug/feed.json': { kind: 'public' },
  // Guarded by the token in the address, not by a session: whoever holds a live one reads the feed.
  'GET /feeds/private/:token/feed.xml': { kind: 'public' },
  'GET /feeds/private/:token/atom.xml': { kind: 'public' },
  'GET /feeds/private/:token/feed.json': { kind: 'public' },
  'GET /sitemap.xml': { kind: 'public' },
  'GET /sitemaps/pages.xml': { kind: 'public' },
  'GET /sitemaps/news.xml': { kind: 'public' },
  'GET /sitemaps/:name': { kind: 'public' },
  'GET /robots.txt': { kind: 'public' },
  'GET /publisher-logo.png': { kind: 'public' },
  'GET /oembed': { kind: 'public' },
  // @fastify/cors's catch-all for preflights: it answers only for the cross-origin paths, and changes nothing.
  'OPTIONS *': { kind: 'public' },
  'GET /healthz': { kind: 'public' },
  'GET /favicon.ico': { kind: 'public' },
  'GET /assets/*': { kind: 'public' },
  'GET /assets/print.css': { kind: 'public' },
  'GET /assets/fonts/*': { kind: 'public' },
  'GET /media/*': { kind: 'public' },
  'GET /admin/assets/*': { kind: 'public' },
  'GET /offers': { kind: 'public' },
  'GET /privacy': { kind: 'public' },

  // Getting an account and getting into it
  'GET /login': { kind: 'public' },
  'POST /login': { kind: 'public' },
  'POST /logout': { kind: 'public' },
  'GET /register': { kind: 'public' },
  'POST /register': { kind: 'public' },
  'GET /register/confirm': { kind: 'public' },
  'POST /register/confirm': { kind: 'public' },
  // Guarded by the token mailed to the new address, like registration's link.
  'GET /account/email/confirm': { kind: 'public' },
  'POST /account/email/confirm': { kind: 'public' },
  'GET /login/forgot': { kind: 'public' },
  'POST /login/forgot': { kind: 'public' },
  'GET /login/reset': { kind: 'public' },
  'POST /login/reset': { kind: 'public' },
  'GET /login/link': { kind: 'public' },
  'POST /login/link': { kind: 'public' },
  'GET /login/link/confirm': { kind: 'public' },
  'POST /login/link/confirm': { kind: 'public' },

  // A reader's own account and subscription
  'GET /account': { kind: 'signed-in' },
  'POST /account': { kind: 'signed-in' },
  'POST /account/password': { kind: 'signed-in' },
  'GET /checkout': { kind: 'signed-in' },
  'POST /checkout': { kind: 'signed-in' },
  'GET /checkout/done': { kind: 'signed-in' },
  'GET /checkout/test/:id': { kind: 'signed-in' },
  'POST /checkout/test/:id': { kind: 'signed-in' },
  'POST /account/subscription/billing': { kind: 'signed-in' },
  'GET /account/subscription/cancel': { kind: 'signed-in' },
  // Dunning: "update your card" (test mode's card page; with Stripe, the way into its portal).
  'GET /account/card': { kind: 'signed-in' },
  'POST /account/card': { kind: 'signed-in' },
  'POST /account/subscription/cancel': { kind: 'signed-in' },
  'POST /account/subscription/resubscribe': { kind: 'signed-in' },
  'POST /account/subscription/resume': { kind: 'signed-in' },
  // Changing plans: the list and its confirmation, the move, and calling a waiting downgrade off.
  'GET /account/subscription/plan': { kind: 'signed-in' },
  'POST /account/subscription/plan': { kind: 'signed-in' },
  'POST /account/subscription/plan/withdraw': { kind: 'signed-in' },
  'POST /account/feed': { kind: 'entitled' },
  'POST /account/feed/revoke': { kind: 'signed-in' },
  'POST /account/gifts': { kind: 'subscriber' },
  'POST /account/gifts/:id/revoke': { kind: 'signed-in' },
  'POST /account/devices/:id/revoke': { kind: 'signed-in' },
  'GET /account/data': { kind: 'signed-in' },
  'POST /account/delete': { kind: 'reader-account' },
  // Guarded by the token mailed to the account's address, like a change of address.
  'GET /account/delete/confirm': { kind: 'public' },
  'POST /account/delete/confirm': { kind: 'public' },

  // Newsletters: the sign-up form is anyone's; its confirmation is guarded by the mailed token, like
  // registration's link; the preference centre and unsubscribing by the signed token a message carries.
  'GET /newsletters': { kind: 'public' },
  'POST /newsletters': { kind: 'public' },
  'GET /newsletters/confirm': { kind: 'public' },
  'POST /newsletters/confirm': { kind: 'public' },
  'GET /newsletters/preferences': { kind: 'public' },
  'POST /newsletters/preferences': { kind: 'public' },
  'GET /newsletters/unsubscribe': { kind: 'public' },
  'POST /newsletters/unsubscribe': { kind: 'one-click' },
  'POST /account/newsletters': { kind: 'signed-in' },
  // Organisations: any account sees its own page and follows its links; only an organisation's managers invite and remove.
  'GET /organisation': { kind: 'signed-in' },
  'POST /organisation/invite': { kind: 'signed-in' },
  'POST /organisation/remove': { kind: 'signed-in' },
  'POST /organisation/prove': { kind: 'signed-in' },
  'GET /organisation/join': { kind: 'public' },
  'POST /organisation/join': { kind: 'signed-in' },
  'GET /organisation/prove/confirm': { kind: 'public' },
  'POST /organisation/prove/confirm': { kind: 'signed-in' },
  // Buying seats for a company: any account may; a seat checkout is its buyer's alone. Changing seats and stopping renewals are its managers'.
  'POST /organisation/seats': { kind: 'signed-in' },
  'POST /organisation/renewal': { kind: 'signed-in' },
  'GET /organisations/buy': { kind: 'signed-in' },
  'POST /organisations/buy': { kind: 'signed-in' },
  'GET /organisations/buy/done': { kind: 'signed-in' },
  'GET /organisations/buy/pay/:id': { kind: 'signed-in' },
  'POST /organisations/buy/pay/:id': { kind: 'signed-in' },

  // Gift subscriptions: anyone buys; the checkout's pages are the buying browser's alone. The redemption link's
  // page is anyone's (it asks to log in); redeeming takes an account.
  'GET /gift-subscriptions': { kind: 'public' },
  'POST /gift-subscriptions': { kind: 'public' },
  'GET /gift-subscriptions/test-checkout/:id': { kind: 'buyer' },
  'POST /gift-subscriptions/test-checkout/:id': { kind: 'buyer' },
  'GET /gift-subscriptions/receipt': { kind: 'buyer' },
  'GET /gift-subscriptions/redeem': { kind: 'public' },
  'POST /gift-subscriptions/redeem': { kind: 'signed-in' },

  // The newsroom
  'GET /admin/setup': { kind: 'setup' },
  'POST /admin/setup': { kind: 'setup' },
  // Every staff role: the newsroom's go to the articles, the readers' desk to the readers.
  'GET /admin': { kind: 'staff', action: null },
  'GET /admin/articles': { kind: 'staff', action: 'use-newsroom' },
  'GET /admin/articles/:id': { kind: 'staff', action: 'use-newsroom' },
  'GET /admin/articles/:id/revisions': { kind: 'staff', action: 'use-newsroom' },
  'GET /admin/images': { kind: 'staff', action: 'use-newsroom' },
  'POST /admin/preview': { kind: 'staff', action: 'use-newsroom' },
  'POST /admin/articles/:id': { kind: 'staff', action: 'write-drafts' },
  'POST /admin/articles/:id/autosave': { kind: 'staff', action: 'edit-own-articles' },
  'POST /admin/articles/:id/lead-image': { kind: 'staff', action: 'edit-own-articles' },
  'POST /admin/articles/:id/revisions/:revision/restore': { kind: 'staff', action: 'edit-own-articles' },
  'GET /admin/sections': { kind: 'staff', action: 'manage-sections-authors-sponsors' },
  'POST /admin/sections': { kind: 'staff', action: 'manage-sections-authors-sponsors' },
  'GET /admin/authors': { kind: 'staff', action: 'manage-sections-authors-sponsors' },
  'POST /admin/authors': { kind: 'staff', action: 'manage-sections-authors-sponsors' },
  'GET /admin/sponsors': { kind: 'staff', action: 'manage-sections-authors-sponsors' },
  'POST /admin/sponsors': { kind: 'staff', action: 'manage-sections-authors-sponsors' },
  'GET /admin/readers/recovery': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/audit': { kind: 'staff', action: 'view-audit-log' },
  'GET /admin/readers/export.csv': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/settings': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/settings': { kind: 'staff', action: 'manage-settings' },
  'GET /admin/offers': { kind: 'staff', action: 'manage-settings' },
  'GET /admin/retention': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/retention': { kind: 'staff', action: 'manage-settings' },
  // Experiments on the paywall: the audience's editors and administrators
  'GET /admin/experiments': { kind: 'staff', action: 'run-audience' },
  'POST /admin/experiments': { kind: 'staff', action: 'run-audience' },
  'GET /admin/experiments/new': { kind: 'staff', action: 'run-audience' },
  'GET /admin/experiments/:id': { kind: 'staff', action: 'run-audience' },
  'POST /admin/experiments/:id/stop': { kind: 'staff', action: 'run-audience' },
  'POST /admin/experiments/:id/ship': { kind: 'staff', action: 'run-audience' },
  'GET /admin/insights': { kind: 'staff', action: 'run-audience' },
  'GET /admin/insights.csv': { kind: 'staff', action: 'run-audience' },
  'GET /admin/insights/keeping': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/insights/keeping': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/offers': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/plans': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/tiers': { kind: 'staff', action: 'manage-settings' },
  // The audience's pages: editors and administrators
  'GET /admin/meter-rules': { kind: 'staff', action: 'run-audience' },
  'POST /admin/meter-rules': { kind: 'staff', action: 'run-audience' },
  'GET /admin/meter-rules/:id': { kind: 'staff', action: 'run-audience' },
  'POST /admin/meter-rules/:id': { kind: 'staff', action: 'run-audience' },
  'POST /admin/meter-rules/:id/state': { kind: 'staff', action: 'run-audience' },
  'POST /admin/meter-rules/:id/move': { kind: 'staff', action: 'run-audience' },
  // Newsletters and their sends: editors and administrators
  'GET /admin/newsletters': { kind: 'staff', action: 'send-newsletters' },
  'GET /admin/newsletters/new': { kind: 'staff', action: 'send-newsletters' },
  'POST /admin/newsletters': { kind: 'staff', action: 'send-newsletters' },
  'GET /admin/newsletters/:id': { kind: 'staff', action: 'send-newsletters' },
  'POST /admin/newsletters/:id': { kind: 'staff', action: 'send-newsletters' },
  'POST /admin/newsletters/:id/status': { kind: 'staff', action: 'send-newsletters' },
  'GET /admin/newsletters/compose': { kind: 'staff', action: 'send-newsletters' },
  'POST /admin/newsletters/compose': { kind: 'staff', action: 'send-newsletters' },
  'GET /admin/newsletters/sends/:id': { kind: 'staff', action: 'send-newsletters' },
  'GET /admin/newsletters/sends/:id/preview/:variant': { kind: 'staff', action: 'send-newsletters' },
  'POST /admin/newsletters/sends/:id/test': { kind: 'staff', action: 'send-newsletters' },
  'POST /admin/newsletters/sends/:id/cancel': { kind: 'staff', action: 'send-newsletters' },
  'GET /admin/staff': { kind: 'staff', action: 'manage-staff' },
  'POST /admin/staff/invite': { kind: 'staff', action: 'manage-staff' },
  // The readers' desk's actions (desk-actions)
  'GET /admin/readers/:id/complimentary': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/complimentary': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/complimentary/:grantId/revoke': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id/trial': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/trial': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id/cancel': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/cancel': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id/refund': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/refund': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/login-link': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id/email': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/email': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id/newsletter-links': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/newsletter-links': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id/delete': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/delete': { kind: 'staff', action: 'serve-readers' },

  // The readers' desk
  'GET /admin/readers': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/readers/:id': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/notes': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/newsletters/suppress': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/readers/:id/newsletters/unsuppress': { kind: 'staff', action: 'serve-readers' },
  // Gift subscriptions: the desk lists and revokes them; what they give and cost is the catalogue's, for administrators
  'GET /admin/gift-subscriptions': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/gift-subscriptions/:id/revoke': { kind: 'staff', action: 'serve-readers' },
  'POST /admin/gift-subscriptions/:id/revoke': { kind: 'staff', action: 'serve-readers' },
  'GET /admin/gift-subscriptions/settings': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/gift-subscriptions/settings': { kind: 'staff', action: 'manage-settings' },

  // Organisations' contracts, sold as plans are
  'GET /admin/organisations': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/organisations': { kind: 'staff', action: 'manage-settings' },
  'GET /admin/organisations/:id': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/organisations/:id': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/organisations/:id/managers': { kind: 'staff', action: 'manage-settings' },
  'POST /admin/organisations/:id/managers/remove': { kind: 'staff', action: 'manage-settings' },

  'POST /webhooks/stripe': { kind: 'webhook' },
  'POST /webhooks/email': { kind: 'webhook' },

  // The apps' API and its reference
  'POST /api/v1/sessions': { kind: 'api', needsToken: false },
  'DELETE /api/v1/sessions/current': { kind: 'api', needsToken: true },
  'GET /api/v1/sections': { kind: 'api', needsToken: false },
  'GET /api/v1/articles': { kind: 'api', needsToken: false },
  'GET /api/v1/articles/:section/:slug': { kind: 'api', needsToken: false },
  'GET /api/v1/search': { kind: 'api', needsToken: false },
  'GET /api/v1/me': { kind: 'api', needsToken: true },
  'GET /api/v1': { kind: 'public' },
  'GET /api/v1/openapi.json': { kind: 'public' },
  'GET /api/v1/docs': { kind: 'public' },
  'GET /api/v1/docs/json': { kind: 'public' },
  'GET /api/v1/docs/yaml': { kind: 'public' },
  'GET /api/v1/docs/static/index.html': { kind: 'public' },
  'GET /api/v1/docs/static/swagger-initializer.js': { kind: 'public' },
  'GET /api/v1/docs/static/*': { kind: 'public' },
};

export const routeKey = (route: Route): string => `${route.method} ${route.url}`;

/** The policy of a route the app serves, or undefined when nobody has placed it yet. */
export function policyOf(route: Route): RoutePolicy | undefined {
  return policies[routeKey(route)];
}

/** Every route the table places, for finding entries whose route is gone. */
export const classifiedRouteKeys: readonly string[] = Object.keys(policies);

/** What a request is about, when the answer depends on whose it is. */
export type Subject =
  | { kind: 'none' }
  | { kind: 'new-article' }
  | { kind: 'article'; isOwn: boolean; isPublished: boolean; intent: 'view' | 'edit' | 'publish' }
  | { kind: 'checkout'; isOwn: boolean }
  /** A gift link: only its giver revokes it; another's is hidden as 404. */
  | { kind: 'gift-link'; isOwn: boolean }
  /** An organisation's manager's form: only its managers may use it (`isOwn`). */
  | { kind: 'organisation'; isOwn: boolean }
  /** A gift's checkout: begun in this browser (`isOwn`) or in another. */
  | { kind: 'gift-checkout'; isOwn: boolean };

/**
 * The outcome the policy asks for: let through (not refused), refused (401, 403, or sent to log in;
 * someone else's checkout may also be hidden as 404), or, where no role opens the route without a
 * secret of its own (the setup token, Stripe's signature), a 400 for everyone.
 */
export type Expected = 'allowed' | 'refused' | 'bad-request';

function staffRoleOf(role: WebRole): StaffRole | undefined {
  return staffRoles.find((candidate) => candidate === role);
}

export function expectedOutcome(policy: RoutePolicy, role: WebRole, subject: Subject): Expected {
  switch (policy.kind) {
    case 'public':
    case 'one-click':
      return 'allowed';
    case 'setup':
    case 'webhook':
      return 'bad-request';
    case 'api':
      return policy.needsToken && role === 'anonymous' ? 'refused' : 'allowed';
    case 'buyer':
      return subject.kind === 'gift-checkout' && subject.isOwn ? 'allowed' : 'refused';
    case 'signed-in':
      if (role === 'anonymous') return 'refused';
      return (subject.kind === 'checkout' || subject.kind === 'gift-link' || subject.kind === 'organisation') && !subject.isOwn ? 'refused' : 'allowed';
    case 'entitled':
      return role === 'anonymous' || role === 'reader' ? 'refused' : 'allowed';
    case 'subscriber':
      return role === 'subscriber' ? 'allowed' : 'refused';
    case 'reader-account':
      return role === 'reader' || role === 'subscriber' ? 'allowed' : 'refused';
    case 'staff': {
      const staffRole = staffRoleOf(role);
      if (staffRole === undefined) return 'refused';
      if (policy.action !== null && !can(staffRole, policy.action)) return 'refused';
      return isAllowedOnSubject(staffRole, subject) ? 'allowed' : 'refused';
    }
  }
}

/** The newsroom's rules for one article, from the permissions table itself. */
function isAllowedOnSubject(role: StaffRole, subject: Subject): boolean {
  switch (subject.kind) {
    case 'new-article':
      return can(role, 'write-drafts');
    case 'article': {
      if (subject.intent === 'view') return true;
      const mayEdit = canEditArticle(role, { isOwn: subject.isOwn, status: subject.isPublished ? 'published' : 'draft' });
      return subject.intent === 'edit' ? mayEdit : mayEdit && canPublishArticle(role, { isOwn: subject.isOwn });
    }
    case 'checkout':
    case 'gift-link':
    case 'organisation':
    case 'gift-checkout':
    case 'none':
      return true;
  }
}

export function describePolicy(policy: RoutePolicy): string {
  switch (policy.kind) {
    case 'public':
      return 'public';
    case 'signed-in':
      return 'signed-in readers';
    case 'api':
      return policy.needsToken ? "apps with a reader's token" : 'public (apps)';
    case 'entitled':
      return 'subscribers and staff';
    case 'subscriber':
      return 'subscribers';
    case 'reader-account':
      return "readers' own accounts";
    case 'staff':
      return policy.action === null ? 'any newsroom role' : `staff who may ${policy.action}`;
    case 'setup':
      return 'the one-time setup token';
    case 'webhook':
      return "the sender's signature (Stripe's, the e-mail service's)";
    case 'one-click':
      return 'the signed unsubscribe token (RFC 8058 one-click)';
    case 'buyer':
      return "the browser that began the gift's checkout";
  }
}
