import { readAccessSettings } from '../src/settings/access-settings-repository.ts';
import { readCommerceSettings } from '../src/commerce/commerce-settings.ts';
import { readPublicationSettings } from '../src/settings/settings-repository.ts';
import { issueFeedToken } from '../src/feeds/feed-tokens.ts';
import { issueApiToken } from '../src/devices/api-tokens.ts';
import { insertGiftWithinAllowance } from '../src/gifts/gift-link-repository.ts';
import { parseMeterRuleDraft } from '../src/access/meter-rule-draft.ts';
import { insertMeterRule } from '../src/settings/meter-rule-repository.ts';
import { deskReaderOf } from './desk-readers.ts';
import { startExperiment } from '../src/experiments/experiment-repository.ts';
import {
  appOrigin,
  articleOwnedBy,
  editorForm,
  loginLinkToken,
  now,
  openCheckoutOf,
  readerPassword,
  readerWithPassword,
  registrationLinkToken,
  emailChangeLinkToken,
  deletionLinkToken,
  siteOrigin,
  smallImage,
  unique,
  actorFor,
  webRoles,
  type Actor,
  type World,
  type WebRequest,
  type WebRole,
} from './role-fixtures.ts';
import { expectedOutcome, routeKey, type RoutePolicy, type Subject } from './route-policy.ts';
import type { Route } from './route-list.ts';
import { newsletterOf, newsletterReaderLinks, newsletterWithScheduledDigest, signUpLinkToken } from './newsletter-readers.ts';
import { giftSubscriptionCodeOf, giftSubscriptionOf } from './gift-subscription-codes.ts';
import { giftCheckoutOf, giftPurchaseForm, putGiftsOnSale } from './gift-subscription-checkouts.ts';
import { organisationRouteCases } from './organisation-cases.ts';

/**
 * How each route is asked, with its parameters filled from real fixtures: one or more cases per
 * route (an article of one's own or someone else's, a draft or a published piece). Every request is
 * one the site's own pages would send, so that a role the policy lets through gets a real answer
 * and one it refuses is refused for its role, not for a malformed form.
 */
export type RouteCase = {
  label: string;
  prepare: (actor: Actor) => Promise<{ request: WebRequest; subject: Subject }>;
};

const none: Subject = { kind: 'none' };

/** A meter-limit experiment of its own for one case, running (any other of its kind ended first, as only one runs). */
async function freshMeterExperiment(world: World): Promise<number> {
  await world.db
    .updateTable('experiments')
    .set({ status: 'stopped', ended_at: now.toISOString() })
    .where('kind', '=', 'meter-limit')
    .where('status', '=', 'running')
    .execute();
  const variants = [
    { key: 'a', name: 'Three', share: 50, change: { kind: 'meter-limit', reader: 'anonymous', limit: 3 } },
    { key: 'b', name: 'Five', share: 50, change: { kind: 'meter-limit', reader: 'anonymous', limit: 5 } },
  ] as const;
  const plan = { baseRatePercent: 2, minimumEffectPercent: 1, readersPerVariant: 3_826 };
  return startExperiment(world.db, { name: `Hardening meter ${unique()}`, kind: 'meter-limit', variants, metric: 'paid', plan }, now);
}

/** A case on an experiment of its own, made when the case is prepared, so each stop or ship acts on a running one. */
function withFreshExperiment(world: World, action: 'stop' | 'ship') {
  return (routeCase: RouteCase): RouteCase => ({
    ...routeCase,
    prepare: async (actor) => {
      const prepared = await routeCase.prepare(actor);
      return { ...prepared, request: { ...prepared.request, url: `/admin/experiments/${await freshMeterExperiment(world)}/${action}` } };
    },
  });
}

function page(url: string | ((actor: Actor) => Promise<string>)): RouteCase[] {
  return [
    { label: 'the page', prepare: async (actor) => ({ request: { method: 'GET', url: typeof url === 'string' ? url : await url(actor) }, subject: none }) },
  ];
}

function form(url: string, fields: (actor: Actor) => Promise<Record<string, string>> | Record<string, string>): RouteCase[] {
  return [{ label: 'its form', prepare: async (actor) => ({ request: { method: 'POST', url, form: await fields(actor) }, subject: none }) }];
}

type Ownership = { owner: 'self' | 'other'; status: 'draft' | 'published' };

/** Cases over articles: the actor's own (they created it) or another editor's, as a draft or published. */
function articleCases(
  world: World,
  variants: readonly (Ownership & { intent?: 'view' | 'edit' | 'publish' })[],
  request: (article: { id: number; revision: number; slug: string; headline: string }, intent: 'view' | 'edit' | 'publish') => Promise<WebRequest> | WebRequest,
): RouteCase[] {
  return variants.map(({ owner, status, intent = 'edit' }) => ({
    label: `${owner === 'self' ? 'own' : "another's"} ${status} article${intent === 'publish' ? ', publishing' : ''}`,
    prepare: async (actor) => {
      const ownerAccount = owner === 'self' && actor.account !== null ? actor.account : world.otherStaff;
      const article = await articleOwnedBy(world, ownerAccount, status);
      return {
        request: await request(article, intent),
        subject: { kind: 'article', isOwn: ownerAccount.id === actor.account?.id, isPublished: status === 'published', intent },
      };
    },
  }));
}

const ownAndOthers: readonly Ownership[] = [
  { owner: 'self', status: 'draft' },
  { owner: 'other', status: 'draft' },
  { owner: 'self', status: 'published' },
  { owner: 'other', status: 'published' },
];

function checkoutCases(world: World, request: (checkoutId: string) => WebRequest): RouteCase[] {
  return (['self', 'other'] as const).map((owner) => ({
    label: owner === 'self' ? 'own checkout' : "another reader's checkout",
    prepare: async (actor) => {
      const ownerAccount = owner === 'self' && actor.account !== null ? actor.account : world.otherReader;
      return { request: request(await openCheckoutOf(world, ownerAccount)), subject: { kind: 'checkout', isOwn: ownerAccount.id === actor.account?.id } };
    },
  }));
}

/** A gift's checkout page: one begun in the actor's own browser, or in a stranger's. */
function giftCheckoutCases(world: World, request: (checkoutId: string) => WebRequest): RouteCase[] {
  return (['self', 'other'] as const).map((owner) => ({
    label: owner === 'self' ? 'a gift checkout begun in this browser' : "another browser's gift checkout",
    prepare: async (actor) => ({
      request: request(await giftCheckoutOf(world, owner === 'self' ? actor : null)),
      subject: { kind: 'gift-checkout', isOwn: owner === 'self' },
    }),
  }));
}

const freshAddress = (what: string) => `${what}-${unique()}@example.org`;

/** Revoking a gift link: one the actor gave (any account may once have been a subscriber), or another reader's. */
function giftLinkCases(world: World): RouteCase[] {
  return (['self', 'other'] as const).map((owner) => ({
    label: owner === 'self' ? 'own gift link' : "another reader's gift link",
    prepare: async (actor) => {
      const giver = owner === 'self' && actor.account !== null ? actor.account : world.otherReader;
      const article = await world.db.selectFrom('articles').select('id').where('slug', '=', 'harbour-talks').executeTakeFirstOrThrow();
      const id = await insertGiftWithinAllowance(world.db, world.database.dialect, {
        accountId: giver.id,
        articleId: article.id,
        tokenHash: `route-check-${unique()}`,
        period: '2026-11',
        expiresAt: new Date(now.getTime() + 86_400_000),
        maxOpens: 25,
        allowance: 1_000_000,
        now,
      });
      return {
        request: { method: 'POST', url: `/account/gifts/${id}/revoke`, form: {} },
        subject: { kind: 'gift-link', isOwn: giver.id === actor.account?.id },
      };
    },
  }));
}

async function settingsForm(world: World): Promise<Record<string, string>> {
  const [publication, access, commerce] = await Promise.all([readPublicationSettings(world.db), readAccessSettings(world.db), readCommerceSettings(world.db)]);
  return {
    name: publication.name,
    tagline: publication.tagline,
    locale: publication.locale,
    timeZone: publication.timeZone,
    anonymousLimit: String(access.meterLimits.anonymous),
    registeredLimit: String(access.meterLimits.registered),
    defaultPreviewBlocks: String(access.defaultPreviewBlocks),
    gracePeriodDays: String(commerce.gracePeriodDays),
    trialReminderDays: String(commerce.trialReminderDays),
  };
}

/** What the actor's app sends with each API request: a token issued for their account, or nothing for an anonymous visitor. */
async function bearerOf(world: World, actor: Actor): Promise<Record<string, string>> {
  if (actor.account === null) return {};
  const { token } = await issueApiToken(world.db, { accountId: actor.account.id, deviceName: `Hardening phone ${unique()}`, now });
  return { authorization: `Bearer ${token}` };
}

/** An app's request to the API, with the actor's token. */
function apiCall(world: World, method: 'GET' | 'DELETE', url: string): RouteCase[] {
  return [{ label: "the actor's app", prepare: async (actor) => ({ request: { method, url, headers: await bearerOf(world, actor) }, subject: none }) }];
}

/** A desk action on a reader made for the case: trialing, with a charge to refund and complimentary access given. */
function deskCase(world: World, request: (reader: Awaited<ReturnType<typeof deskReaderOf>>) => Promise<WebRequest>): RouteCase[] {
  return [
    { label: "a reader's", prepare: async () => ({ request: await request(await deskReaderOf(world.db, freshAddress('desk-reader'), now)), subject: none }) },
  ];
}

/** A meter rule of its own for each case, in force, so that every change the form asks for applies. */
async function meterRuleFor(world: World): Promise<number> {
  const draft = parseMeterRuleDraft(
    { name: `Newsletter readers get 2 more ${unique()}`, source: 'newsletter', effect: 'more', articles: '2' },
    { sectionIds: [] },
  );
  return insertMeterRule(world.db, draft, now);
}

/** A scheduled digest of its own for each case, of the published harbour talks, so it can still be previewed, tested and canceled. */
async function sendFor(world: World): Promise<number> {
  const article = await world.db.selectFrom('articles').select('id').where('slug', '=', 'harbour-talks').executeTakeFirstOrThrow();
  const n = unique();
  return (await newsletterWithScheduledDigest(world.db, { slug: `briefing-${n}`, name: `Briefing ${n}`, articleIds: [article.id] }, now)).sendId;
}

const newsletterFields = () => ({
  name: 'Evening Briefing',
  slug: `evening-${unique()}`,
  description: 'Evenings.',
  cadence: 'daily',
  senderName: 'Desk',
  senderEmail: 'desk@example.org',
  audience: 'anyone',
  template: 'edition',
});

function onFresh(world: World, what: 'newsletter' | 'send', url: (id: number) => string, fields: () => Record<string, string>): RouteCase[] {
  return [
    {
      label: what === 'newsletter' ? 'an active newsletter' : 'a scheduled send',
      prepare: async () => ({
        request: { method: 'POST', url: url(what === 'newsletter' ? await newsletterOf(world) : await sendFor(world)), form: fields() },
        subject: none,
      }),
    },
  ];
}

function meterRuleForm(world: World, action: '' | '/state' | '/move', fields: () => Record<string, string>): RouteCase[] {
  return [
    {
      label: 'a rule in force',
      prepare: async () => ({ request: { method: 'POST', url: `/admin/meter-rules/${await meterRuleFor(world)}${action}`, form: fields() }, subject: none }),
    },
  ];
}

/** The cases for every route this check knows how to ask; undefined for a route it does not. */
export function casesFor(world: World, route: Route): RouteCase[] | undefined {
  const cases: Record<string, () => RouteCase[]> = {
    'GET /': () => page('/'),
    'GET /:section': () => page('/world'),
    'GET /:section/:slug': () => page(world.articleUrl),
    'GET /authors/:slug': () => page('/authors/ada-reporter'),
    'GET /search': () => page('/search?q=harbour'),
    'GET /feed.xml': () => page('/feed.xml'),
    'GET /atom.xml': () => page('/atom.xml'),
    'GET /feed.json': () => page('/feed.json'),
    'GET /:section/feed.xml': () => page('/world/feed.xml'),
    'GET /:section/atom.xml': () => page('/world/atom.xml'),
    'GET /:section/feed.json': () => page('/world/feed.json'),
    'GET /authors/:slug/feed.xml': () => page('/authors/ada-reporter/feed.xml'),
    'GET /authors/:slug/atom.xml': () => page('/authors/ada-reporter/atom.xml'),
    'GET /authors/:slug/feed.json': () => page('/authors/ada-reporter/feed.json'),
    'GET /feeds/private/:token/feed.xml': () => page(async () => `/feeds/private/${await issueFeedToken(world.db, world.otherReader.id, now)}/feed.xml`),
    'GET /feeds/private/:token/atom.xml': () => page(async () => `/feeds/private/${await issueFeedToken(world.db, world.otherReader.id, now)}/atom.xml`),
    'GET /feeds/private/:token/feed.json': () => page(async () => `/feeds/private/${await issueFeedToken(world.db, world.otherReader.id, now)}/feed.json`),
    'GET /sitemap.xml': () => page('/sitemap.xml'),
    'GET /sitemaps/pages.xml': () => page('/sitemaps/pages.xml'),
    'GET /sitemaps/news.xml': () => page('/sitemaps/news.xml'),
    'GET /sitemaps/:name': () => page('/sitemaps/articles-2026-11.xml'),
    'GET /robots.txt': () => page('/robots.txt'),
    'GET /publisher-logo.png': () => page('/publisher-logo.png'),
    'GET /oembed': () => page(`/oembed?format=json&url=${encodeURIComponent(`${siteOrigin}${world.articleUrl}`)}`),
    'OPTIONS *': () => [
      {
        label: 'a preflight from a listed origin',
        prepare: async () => ({
          request: {
            method: 'OPTIONS',
            url: '/api/v1/articles',
            headers: { origin: appOrigin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
          },
          subject: none,
        }),
      },
    ],
    'GET /healthz': () => page('/healthz'),
    'GET /favicon.ico': () => page('/favicon.ico'),
    'GET /assets/*': () => page('/assets/site.js'),
    'GET /assets/print.css': () => page('/assets/print.css'),
    'GET /assets/fonts/*': () => page('/assets/fonts/source-serif-4-latin-400-normal.woff2'),
    'GET /media/*': () => page(world.mediaUrl),
    'GET /admin/assets/*': () => page('/admin/assets/admin.css'),
    'GET /offers': () => page('/offers'),
    'GET /privacy': () => page('/privacy'),

    'GET /login': () => page('/login'),
    'POST /login': () => form('/login', async () => ({ email: (await readerWithPassword(world)).email, password: readerPassword, next: '/world' })),
    'POST /logout': () => form('/logout', () => ({})),
    'GET /register': () => page('/register'),
    'POST /register': () => form('/register', () => ({ name: 'New Reader', email: freshAddress('new-reader'), password: 'a long new passphrase' })),
    'GET /register/confirm': () => page(async () => `/register/confirm?token=${await registrationLinkToken(world, freshAddress('registering'))}`),
    'POST /register/confirm': () => form('/register/confirm', async () => ({ token: await registrationLinkToken(world, freshAddress('registering')) })),
    'GET /account/email/confirm': () => page(async () => `/account/email/confirm?token=${await emailChangeLinkToken(world)}`),
    'POST /account/email/confirm': () => form('/account/email/confirm', async () => ({ token: await emailChangeLinkToken(world) })),
    'GET /login/forgot': () => page('/login/forgot'),
    'POST /login/forgot': () => form('/login/forgot', async () => ({ email: (await readerWithPassword(world)).email })),
    'GET /login/reset': () => page(async () => `/login/reset?token=${await loginLinkToken(world, await readerWithPassword(world), 'password-reset')}`),
    'POST /login/reset': () =>
      form('/login/reset', async () => ({
        token: await loginLinkToken(world, await readerWithPassword(world), 'password-reset'),
        password: 'a brand new passphrase',
      })),
    'GET /login/link': () => page('/login/link'),
    'POST /login/link': () => form('/login/link', async () => ({ email: (await readerWithPassword(world)).email })),
    'GET /login/link/confirm': () =>
      page(async () => `/login/link/confirm?token=${await loginLinkToken(world, await readerWithPassword(world), 'magic-link')}`),
    'POST /login/link/confirm': () =>
      form('/login/link/confirm', async () => ({ token: await loginLinkToken(world, await readerWithPassword(world), 'magic-link') })),

    'GET /account': () => page('/account'),
    'POST /account': () => form('/account', (actor) => ({ name: 'A New Name', email: actor.account?.email ?? freshAddress('profile') })),
    'POST /account/password': () => form('/account/password', () => ({ current: '', password: 'another long passphrase' })),
    'GET /checkout': () => page('/checkout?offer=intro&return=%2Fworld%2Fharbour-talks'),
    'POST /checkout': () => form('/checkout', () => ({ offer: 'intro' })),
    'GET /checkout/done': () => checkoutCases(world, (id) => ({ method: 'GET', url: `/checkout/done?checkout=${id}` })),
    'GET /checkout/test/:id': () => checkoutCases(world, (id) => ({ method: 'GET', url: `/checkout/test/${id}` })),
    'POST /checkout/test/:id': () =>
      checkoutCases(world, (id) => ({
        method: 'POST',
        url: `/checkout/test/${id}`,
        form: { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' },
      })),
    'POST /account/subscription/billing': () => form('/account/subscription/billing', () => ({})),
    'GET /account/subscription/cancel': () => page('/account/subscription/cancel'),
    'POST /account/subscription/cancel': () =>
      form('/account/subscription/cancel', () => ({ reason: 'too-expensive', comment: 'Route check', decision: 'cancel' })),
    'POST /account/subscription/resubscribe': () => form('/account/subscription/resubscribe', () => ({})),
    'GET /account/card': () => page('/account/card'),
    'POST /account/card': () => form('/account/card', () => ({ card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' })),
    'POST /account/subscription/resume': () => form('/account/subscription/resume', () => ({})),
    'GET /account/subscription/plan': () => page('/account/subscription/plan?plan=digital'),
    // A plan no longer on sale: every actor's move is refused by the rule (409), so the world stays as it is.
    'POST /account/subscription/plan': () => form('/account/subscription/plan', () => ({ plan: 'old-print' })),
    'POST /account/subscription/plan/withdraw': () => form('/account/subscription/plan/withdraw', () => ({})),
    'POST /account/feed': () => form('/account/feed', () => ({})),
    'POST /account/feed/revoke': () => form('/account/feed/revoke', () => ({})),
    'POST /account/gifts': () => form('/account/gifts', () => ({ article: 'harbour-talks' })),
    'POST /account/gifts/:id/revoke': () => giftLinkCases(world),
    'POST /account/devices/:id/revoke': () => [
      {
        label: 'own device',
        prepare: async (actor) => {
          const { tokenId } = await issueApiToken(world.db, { accountId: (actor.account ?? world.otherReader).id, deviceName: 'Hardening tablet', now });
          return { request: { method: 'POST', url: `/account/devices/${tokenId}/revoke`, form: {} }, subject: none };
        },
      },
    ],

    'GET /account/data': () => page('/account/data'),
    'POST /account/delete': () => form('/account/delete', () => ({})),
    'GET /account/delete/confirm': () => page(async () => `/account/delete/confirm?token=${await deletionLinkToken(world)}`),
    'POST /account/delete/confirm': () => form('/account/delete/confirm', async () => ({ token: await deletionLinkToken(world) })),

    'GET /newsletters': () => page('/newsletters'),
    'POST /newsletters': () => form('/newsletters', async () => ({ email: freshAddress('newsletter'), newsletter: String(await newsletterOf(world)) })),
    'GET /newsletters/confirm': () => page(async () => `/newsletters/confirm?token=${await signUpLinkToken(world, freshAddress('signing-up'))}`),
    'POST /newsletters/confirm': () => form('/newsletters/confirm', async () => ({ token: await signUpLinkToken(world, freshAddress('signing-up')) })),
    'GET /newsletters/preferences': () => page(async () => (await newsletterReaderLinks(world, freshAddress('newsletter-reader'))).preferences),
    'POST /newsletters/preferences': () => [
      {
        label: 'its form',
        prepare: async () => {
          const links = await newsletterReaderLinks(world, freshAddress('newsletter-reader'));
          return { request: { method: 'POST', url: links.preferences, form: { newsletter: String(links.newsletterId) } }, subject: none };
        },
      },
    ],
    'GET /gift-subscriptions': () =>
      page(async () => {
        await putGiftsOnSale(world);
        return '/gift-subscriptions';
      }),
    'POST /gift-subscriptions': () =>
      form('/gift-subscriptions', async () => {
        await putGiftsOnSale(world);
        return giftPurchaseForm(unique());
      }),
    'GET /gift-subscriptions/test-checkout/:id': () => giftCheckoutCases(world, (id) => ({ method: 'GET', url: `/gift-subscriptions/test-checkout/${id}` })),
    'POST /gift-subscriptions/test-checkout/:id': () =>
      giftCheckoutCases(world, (id) => ({
        method: 'POST',
        url: `/gift-subscriptions/test-checkout/${id}`,
        form: { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' },
      })),
    'GET /gift-subscriptions/receipt': () => giftCheckoutCases(world, (id) => ({ method: 'GET', url: `/gift-subscriptions/receipt?checkout=${id}` })),
    'GET /gift-subscriptions/redeem': () => page(async () => `/gift-subscriptions/redeem?code=${encodeURIComponent(await giftSubscriptionCodeOf(world))}`),
    'POST /gift-subscriptions/redeem': () => form('/gift-subscriptions/redeem', async () => ({ code: await giftSubscriptionCodeOf(world) })),
    'GET /newsletters/unsubscribe': () => page(async () => (await newsletterReaderLinks(world, freshAddress('newsletter-reader'))).unsubscribe),
    'POST /newsletters/unsubscribe': () => [
      {
        label: "a mail client's one-click POST",
        prepare: async () => {
          const links = await newsletterReaderLinks(world, freshAddress('newsletter-reader'));
          return { request: { method: 'POST', url: links.unsubscribe, form: { 'List-Unsubscribe': 'One-Click' } }, subject: none };
        },
      },
    ],
    'POST /account/newsletters': () => form('/account/newsletters', async () => ({ newsletter: String(await newsletterOf(world)) })),
    ...organisationRouteCases(world),

    'GET /admin/setup': () => page('/admin/setup?token=not-the-printed-token'),
    'POST /admin/setup': () =>
      form('/admin/setup', () => ({ token: 'not-the-printed-token', name: 'Usurper', email: freshAddress('usurper'), password: 'a long usurper passphrase' })),
    'GET /admin': () => page('/admin'),
    'GET /admin/articles': () => page('/admin/articles'),
    'GET /admin/articles/:id': () => [
      ...page('/admin/articles/new'),
      ...articleCases(
        world,
        [
          { owner: 'self', status: 'draft', intent: 'view' },
          { owner: 'other', status: 'published', intent: 'view' },
        ],
        (article) => ({ method: 'GET', url: `/admin/articles/${article.id}` }),
      ),
    ],
    'GET /admin/articles/:id/revisions': () =>
      articleCases(
        world,
        [
          { owner: 'self', status: 'draft', intent: 'view' },
          { owner: 'other', status: 'published', intent: 'view' },
        ],
        (article) => ({ method: 'GET', url: `/admin/articles/${article.id}/revisions` }),
      ),
    'GET /admin/images': () => page('/admin/images'),
    'POST /admin/preview': () => form('/admin/preview', () => ({ markdown: 'A paragraph with *emphasis*.' })),
    'POST /admin/articles/:id': () => [
      {
        label: 'a new article',
        prepare: async () => ({
          request: { method: 'POST', url: '/admin/articles/new', form: editorForm(world, null, 'save') },
          subject: { kind: 'new-article' },
        }),
      },
      ...articleCases(world, ownAndOthers, (article) => ({ method: 'POST', url: `/admin/articles/${article.id}`, form: editorForm(world, article, 'save') })),
      ...articleCases(
        world,
        [
          { owner: 'self', status: 'draft', intent: 'publish' },
          { owner: 'other', status: 'draft', intent: 'publish' },
        ],
        (article) => ({
          method: 'POST',
          url: `/admin/articles/${article.id}`,
          form: editorForm(world, article, 'publish'),
        }),
      ),
    ],
    // Only drafts save themselves, so only drafts are asked.
    'POST /admin/articles/:id/autosave': () =>
      articleCases(
        world,
        [
          { owner: 'self', status: 'draft' },
          { owner: 'other', status: 'draft' },
        ],
        (article) => ({ method: 'POST', url: `/admin/articles/${article.id}/autosave`, form: editorForm(world, article, 'save') }),
      ),
    'POST /admin/articles/:id/lead-image': () =>
      articleCases(world, ownAndOthers, async (article) => ({
        method: 'POST',
        url: `/admin/articles/${article.id}/lead-image`,
        multipart: {
          fields: { alt: 'A harbour crane', caption: 'The harbour.', credit: '© Test Agency' },
          file: { name: 'crane.png', type: 'image/png', bytes: await smallImage('png') },
        },
      })),
    'POST /admin/articles/:id/revisions/:revision/restore': () =>
      articleCases(world, ownAndOthers, (article) => ({
        method: 'POST',
        url: `/admin/articles/${article.id}/revisions/${article.revision}/restore`,
        form: {},
      })),
    'GET /admin/sections': () => page('/admin/sections'),
    'POST /admin/sections': () => form('/admin/sections', () => ({ name: `Section ${unique()}`, description: 'A new section.', position: '9' })),
    'GET /admin/authors': () => page('/admin/authors'),
    'POST /admin/authors': () => form('/admin/authors', () => ({ name: `Author ${unique()}`, bio: 'Writes things.' })),
    'GET /admin/sponsors': () => page('/admin/sponsors'),
    'POST /admin/sponsors': () =>
      form('/admin/sponsors', () => ({ name: `Sponsor ${unique()}`, disclosure: 'Paid for by a sponsor.', url: 'https://sponsor.example' })),
    'GET /admin/audit': () => page('/admin/audit'),
    'GET /admin/readers/export.csv': () => page('/admin/readers/export.csv?state=active'),
    'GET /admin/readers/recovery': () => page('/admin/readers/recovery'),
    'GET /admin/settings': () => page('/admin/settings'),
    'POST /admin/settings': () => form('/admin/settings', () => settingsForm(world)),
    'GET /admin/offers': () => page('/admin/offers'),
    'GET /admin/retention': () => page('/admin/retention'),
    'GET /admin/insights': () => page('/admin/insights'),
    'GET /admin/insights.csv': () => page('/admin/insights.csv?chart=funnel'),
    'POST /admin/retention': () => form('/admin/retention', () => ({ kind: 'discount', percentOff: '50', periods: '3', months: '1' })),
    'GET /admin/meter-rules': () => page('/admin/meter-rules'),
    'POST /admin/meter-rules': () =>
      form('/admin/meter-rules', () => ({ name: `Search readers get 5 ${unique()}`, source: 'search', effect: 'set', articles: '5' })),
    'GET /admin/meter-rules/:id': () => page(async () => `/admin/meter-rules/${await meterRuleFor(world)}`),
    'POST /admin/meter-rules/:id': () =>
      meterRuleForm(world, '', () => ({ name: 'Newsletter readers get 3 more', source: 'newsletter', effect: 'more', articles: '3' })),
    'POST /admin/meter-rules/:id/state': () => meterRuleForm(world, '/state', () => ({ state: 'paused' })),
    'POST /admin/meter-rules/:id/move': () => meterRuleForm(world, '/move', () => ({ direction: 'earlier' })),
    'GET /admin/newsletters': () => page('/admin/newsletters'),
    'GET /admin/newsletters/new': () => page('/admin/newsletters/new'),
    'POST /admin/newsletters': () => form('/admin/newsletters', newsletterFields),
    'GET /admin/newsletters/:id': () => page(async () => `/admin/newsletters/${await newsletterOf(world)}`),
    'POST /admin/newsletters/:id': () => onFresh(world, 'newsletter', (id) => `/admin/newsletters/${id}`, newsletterFields),
    'POST /admin/newsletters/:id/status': () =>
      onFresh(
        world,
        'newsletter',
        (id) => `/admin/newsletters/${id}/status`,
        () => ({ status: 'archived' }),
      ),
    'GET /admin/newsletters/compose': () => page('/admin/newsletters/compose'),
    'POST /admin/newsletters/compose': () => form('/admin/newsletters/compose', () => ({ q: 'harbour', action: 'search' })),
    'GET /admin/newsletters/sends/:id': () => page(async () => `/admin/newsletters/sends/${await sendFor(world)}`),
    'GET /admin/newsletters/sends/:id/preview/:variant': () => page(async () => `/admin/newsletters/sends/${await sendFor(world)}/preview/preview`),
    'POST /admin/newsletters/sends/:id/test': () =>
      onFresh(
        world,
        'send',
        (id) => `/admin/newsletters/sends/${id}/test`,
        () => ({ variant: 'full' }),
      ),
    'POST /admin/newsletters/sends/:id/cancel': () =>
      onFresh(
        world,
        'send',
        (id) => `/admin/newsletters/sends/${id}/cancel`,
        () => ({}),
      ),
    'GET /admin/insights/keeping': () => page('/admin/insights/keeping'),
    'POST /admin/insights/keeping': () => form('/admin/insights/keeping', () => ({ keepDays: '365' })),
    'POST /admin/tiers': () => form('/admin/tiers', () => ({ name: `Tier ${unique()}`, description: 'What it opens' })),
    'POST /admin/plans': () =>
      form('/admin/plans', () => ({ name: `Plan ${unique()}`, price: '12.00', currency: 'USD', interval: 'month', benefits: 'Every article', isActive: 'on' })),
    'POST /admin/offers': () => form('/admin/offers', () => ({ headline: `Offer ${unique()}`, planSlug: 'digital', termsKind: 'standard' })),
    'GET /admin/staff': () => page('/admin/staff'),
    'POST /admin/staff/invite': () => form('/admin/staff/invite', () => ({ email: freshAddress('invitee'), name: 'Invitee', role: 'contributor' })),
    // The desk acts on a fresh reader each time (a trial running, a payment to refund, access given), so every action applies.
    ...Object.fromEntries(
      (['complimentary', 'trial', 'cancel', 'refund', 'email', 'newsletter-links'] as const).map((action) => [
        `GET /admin/readers/:id/${action}`,
        () => deskCase(world, async (reader) => ({ method: 'GET', url: `/admin/readers/${reader.id}/${action}` })),
      ]),
    ),
    'POST /admin/readers/:id/complimentary': () =>
      deskCase(world, async (reader) => ({ method: 'POST', url: `/admin/readers/${reader.id}/complimentary`, form: { period: '1', reason: 'Press pass' } })),
    'POST /admin/readers/:id/complimentary/:grantId/revoke': () =>
      deskCase(world, async (reader) => ({
        method: 'POST',
        url: `/admin/readers/${reader.id}/complimentary/${reader.grantId}/revoke`,
        form: { reason: 'Press pass ended' },
      })),
    'POST /admin/readers/:id/trial': () =>
      deskCase(world, async (reader) => ({ method: 'POST', url: `/admin/readers/${reader.id}/trial`, form: { days: '7', reason: 'Asked for more time' } })),
    'POST /admin/readers/:id/cancel': () =>
      deskCase(world, async (reader) => ({
        method: 'POST',
        url: `/admin/readers/${reader.id}/cancel`,
        form: { when: 'period-end', reason: 'Asked by phone' },
      })),
    'POST /admin/readers/:id/refund': () =>
      deskCase(world, async (reader) => ({
        method: 'POST',
        url: `/admin/readers/${reader.id}/refund`,
        form: { chargeId: String(reader.chargeId), reason: 'Charged twice' },
      })),
    'POST /admin/readers/:id/newsletters/suppress': () =>
      deskCase(world, async (reader) => ({ method: 'POST', url: `/admin/readers/${reader.id}/newsletters/suppress`, form: { reason: 'Asked by phone' } })),
    'POST /admin/readers/:id/newsletters/unsuppress': () =>
      deskCase(world, async (reader) => {
        const { email } = await world.db.selectFrom('accounts').select('email').where('id', '=', reader.id).executeTakeFirstOrThrow();
        await world.db
          .insertInto('email_suppressions')
          .values({ email, reason: 'hard-bounce', source: 'webhook', detail: null, created_at: now.toISOString() })
          .execute();
        return { method: 'POST', url: `/admin/readers/${reader.id}/newsletters/unsuppress`, form: { reason: 'Mailbox fixed' } };
      }),
    'POST /admin/readers/:id/newsletter-links': () =>
      deskCase(world, async (reader) => ({ method: 'POST', url: `/admin/readers/${reader.id}/newsletter-links`, form: { reason: 'Forwarded to a list' } })),
    'POST /admin/readers/:id/login-link': () =>
      deskCase(world, async (reader) => ({ method: 'POST', url: `/admin/readers/${reader.id}/login-link`, form: { reason: 'Locked out' } })),
    'POST /admin/readers/:id/email': () =>
      deskCase(world, async (reader) => ({
        method: 'POST',
        url: `/admin/readers/${reader.id}/email`,
        form: { email: freshAddress('moved'), reason: 'New job' },
      })),
    // A reader of the case's own, so that a let-through delete erases no one another check needs.
    'GET /admin/readers/:id/delete': () => page(async () => `/admin/readers/${(await readerWithPassword(world)).id}/delete`),
    'POST /admin/readers/:id/delete': () => [
      {
        label: 'a reader, with a reason',
        prepare: async () => ({
          request: { method: 'POST', url: `/admin/readers/${(await readerWithPassword(world)).id}/delete`, form: { reason: 'Asked by letter' } },
          subject: none,
        }),
      },
    ],

    'GET /admin/experiments': () => page('/admin/experiments'),
    'GET /admin/experiments/new': () => page('/admin/experiments/new'),
    'POST /admin/experiments': () =>
      form('/admin/experiments', () => ({
        name: `Hardening test ${unique()}`,
        kind: 'paywall-wording',
        metric: 'paid',
        baseRate: '2',
        minimumEffect: '1',
        'variant.a.name': 'Control',
        'variant.a.share': '50',
        'variant.a.title': 'Subscribe to keep reading',
        'variant.a.body': 'Subscribe to {publication}.',
        'variant.b.name': 'Plain',
        'variant.b.share': '50',
        'variant.b.title': 'Keep reading',
        'variant.b.body': 'Subscribe now.',
      })),
    'GET /admin/experiments/:id': () => page(async () => `/admin/experiments/${await freshMeterExperiment(world)}`),
    'POST /admin/experiments/:id/stop': () => form('/admin/experiments/:id/stop', () => ({})).map(withFreshExperiment(world, 'stop')),
    'POST /admin/experiments/:id/ship': () => form('/admin/experiments/:id/ship', () => ({ variant: 'b' })).map(withFreshExperiment(world, 'ship')),
    'GET /admin/readers': () => page('/admin/readers?q=&state=&plan=&offer=&from=&to=&source=&page=1'),
    'GET /admin/readers/:id': () => page(`/admin/readers/${world.otherReader.id}`),
    'POST /admin/readers/:id/notes': () => form(`/admin/readers/${world.otherReader.id}/notes`, () => ({ text: 'Asked why the receipt shows two charges.' })),
    // Gift subscriptions: the desk's list and revocation (a fresh paid gift each time), the administrators' settings.
    'GET /admin/gift-subscriptions': () => page('/admin/gift-subscriptions?q=&state=&page=1'),
    'GET /admin/gift-subscriptions/:id/revoke': () => page(async () => `/admin/gift-subscriptions/${await giftSubscriptionOf(world)}/revoke`),
    'POST /admin/gift-subscriptions/:id/revoke': () => [
      {
        label: 'a paid gift',
        prepare: async () => ({
          request: { method: 'POST', url: `/admin/gift-subscriptions/${await giftSubscriptionOf(world)}/revoke`, form: { reason: 'Bought twice by mistake' } },
          subject: none,
        }),
      },
    ],
    'GET /admin/gift-subscriptions/settings': () => page('/admin/gift-subscriptions/settings'),
    'POST /admin/gift-subscriptions/settings': () =>
      form('/admin/gift-subscriptions/settings', async () => {
        const plan = await world.db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
        return { planId: String(plan.id), price3: '45', price6: '80', price12: '150.00', reminderDays: '14', continuationOfferId: '' };
      }),

    // As a browser would send it: the session's cookies, but no signature.
    'POST /webhooks/email': () => [
      {
        label: 'an unsigned complaint',
        prepare: async () => ({
          request: {
            method: 'POST',
            url: '/webhooks/email',
            json: JSON.stringify([{ email: world.otherReader.email, kind: 'complaint' }]),
            headers: {},
          },
          subject: none,
        }),
      },
    ],
    // As a browser would send it: the session's cookies, but no Stripe signature.
    'POST /webhooks/stripe': () => [
      {
        label: 'an unsigned event',
        prepare: async () => ({
          request: {
            method: 'POST',
            url: '/webhooks/stripe',
            json: JSON.stringify({
              id: `evt_forged_${unique()}`,
              object: 'event',
              type: 'customer.subscription.deleted',
              created: 1_790_000_000,
              data: { object: {} },
            }),
            headers: {},
          },
          subject: none,
        }),
      },
    ],

    // An app signs in with a reader's password; every other request carries the token it got.
    'POST /api/v1/sessions': () => [
      {
        label: 'a reader signing in on a phone',
        prepare: async () => ({
          request: {
            method: 'POST',
            url: '/api/v1/sessions',
            json: JSON.stringify({ email: (await readerWithPassword(world)).email, password: readerPassword, device: 'Hardening phone' }),
            headers: {},
          },
          subject: none,
        }),
      },
    ],
    'DELETE /api/v1/sessions/current': () => apiCall(world, 'DELETE', '/api/v1/sessions/current'),
    'GET /api/v1/sections': () => apiCall(world, 'GET', '/api/v1/sections'),
    'GET /api/v1/articles': () => apiCall(world, 'GET', '/api/v1/articles?section=world&limit=5'),
    'GET /api/v1/articles/:section/:slug': () => apiCall(world, 'GET', `/api/v1/articles${world.articleUrl}`),
    'GET /api/v1/search': () => apiCall(world, 'GET', '/api/v1/search?q=harbour'),
    'GET /api/v1/me': () => apiCall(world, 'GET', '/api/v1/me'),
    'GET /api/v1': () => page('/api/v1'),
    'GET /api/v1/openapi.json': () => page('/api/v1/openapi.json'),
    'GET /api/v1/docs': () => page('/api/v1/docs'),
    'GET /api/v1/docs/json': () => page('/api/v1/docs/json'),
    'GET /api/v1/docs/yaml': () => page('/api/v1/docs/yaml'),
    'GET /api/v1/docs/static/index.html': () => page('/api/v1/docs/static/index.html'),
    'GET /api/v1/docs/static/swagger-initializer.js': () => page('/api/v1/docs/static/swagger-initializer.js'),
    'GET /api/v1/docs/static/*': () => page('/api/v1/docs/static/swagger-ui.css'),
  };
  return cases[routeKey(route)]?.();
}

/** Signed-in readers first: a forged log-out or profile change matters most to someone who has a session. */
const leastPrivilegedFirst: readonly WebRole[] = [...webRoles.filter((role) => role !== 'anonymous'), 'anonymous'];

/** The route's first case with the least privileged role the policy lets through, prepared for that role's browser. */
export async function allowedRequest(
  world: World,
  policy: RoutePolicy,
  cases: readonly RouteCase[],
): Promise<{ actor: Actor; request: WebRequest; subject: Subject; label: string }> {
  for (const role of leastPrivilegedFirst) {
    for (const routeCase of cases) {
      const actor = await actorFor(world, role);
      const { request, subject } = await routeCase.prepare(actor);
      if (expectedOutcome(policy, role, subject) === 'allowed') return { actor, request, subject, label: `${role}, ${routeCase.label}` };
    }
  }
  throw new Error('no role may use this route');
}
