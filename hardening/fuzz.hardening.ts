import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { maximumMeterLimit } from '../src/access/access-settings.ts';
import { decideAccess } from '../src/access/decide-access.ts';
import { decodeMeterCookie, deriveMeterCookieKey, encodeMeterCookie, newVisitor, type MeterCookie, type MeterCookieKey } from '../src/access/meter-cookie.ts';
import { meterPeriodOf, type Meter } from '../src/access/meter.ts';
import { ruleReaderKinds, type MeterRule } from '../src/access/meter-rules.ts';
import type { Reader } from '../src/access/reader.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { accessLevels, type AccessLevel } from '../src/content/access-level.ts';
import { issueFeedToken } from '../src/feeds/feed-tokens.ts';
import { visitSources, type Visit, type VisitSource } from '../src/insights/visit-source.ts';
import { issueApiToken } from '../src/devices/api-tokens.ts';
import { renderBody, sanitizeBlockHtml } from '../src/content/markdown.ts';
import { accessMessageKeys } from '../src/settings/message-overrides.ts';
import { choosePaymentProvider } from '../src/commerce/payment-provider-choice.ts';
import { loadConfig } from '../src/config/config.ts';
import { buildApp } from '../src/server.ts';
import { stripeWebhookPath } from '../src/web/routes/commerce/stripe-webhook.ts';
import { signEmailWebhookBody } from '../src/newsletters/suppression/webhook-signature.ts';
import { emailWebhookPath } from '../src/web/routes/email-webhook.ts';
import { offlineResolver } from '../test/app.ts';
import { newsletterWithScheduledDigest } from './newsletter-readers.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../test/content-fixtures.ts';
import { openTestDatabase } from '../test/database.ts';
import { deliverNewsletter } from '../test/newsletter-link-fixtures.ts';
import { cookieFrom, signedInCookie } from '../test/readers.ts';
import { deriveNewsletterLinkKey, signNewsletterToken } from '../src/newsletters/newsletter-link.ts';
import { recordFigure } from './figures.ts';
import { plantGiftSubscription } from '../test/gift-subscription-fixtures.ts';
import { findExecutableMarkup, hostileDocument } from './fuzz-markup.ts';
import { sendRequest, type FuzzResponse } from './fuzz-transport.ts';
import {
  deepAndOversizedBodies,
  describePayload,
  fuzzPath,
  fuzzPostBody,
  fuzzQueryString,
  fuzzText,
  toPayload,
  type FormFields,
  type FuzzText,
  type PostBody,
} from './fuzz-requests.ts';
import { appWithRoutes, type Route } from './route-list.ts';

/**
 * Input fuzzing. Every route the app registers is sent arbitrary addresses, query strings and form
 * bodies and must answer without a server error; sanitized article bodies must never carry anything
 * a browser would run; the access rules hold over thousands of arbitrary reads and cookies.
 *
 * Each route gets 120 cases or a second and a half, whichever ends first (a handler that hashes a
 * password takes some 60 ms a case); the Stripe webhook gets 240 stories of signed events; the pure
 * properties run at least 2,000 cases. FUZZ_RUNS=N gives every route N cases however long they take,
 * the webhook 2 N stories and the pure properties 20 N. FUZZ_SEED replays a run: fast-check prints
 * the seed of any failure.
 */
const requestedRuns = positiveWholeNumber(process.env.FUZZ_RUNS);
const runsPerRoute = requestedRuns ?? 120;
const pureRuns = Math.max(2_000, runsPerRoute * 20);
const seed = fastCheckSeed(process.env.FUZZ_SEED);
const options = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });
/** A route's cases, bounded in time unless a number of runs was asked for; the figures count the cases actually sent. */
const routeOptions = { ...options(runsPerRoute), ...(requestedRuns === undefined ? { interruptAfterTimeLimit: 1_500, markInterruptAsFailure: false } : {}) };

function positiveWholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

/** A seed as fast-check prints it: a 32-bit integer, often negative. */
function fastCheckSeed(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d{1,10}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

const now = new Date();
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);

// Articles the site is probed with after each route's fuzzing, and ones the newsroom routes work on.
const probeArticles = [
  { slug: 'probe-free', access: 'free' },
  { slug: 'probe-metered', access: 'metered' },
  { slug: 'probe-registered', access: 'registered' },
  { slug: 'probe-premium', access: 'premium' },
] as const satisfies readonly { slug: string; access: AccessLevel }[];
const restoreProbeArticles = () => Promise.all(probeArticles.map((article) => addArticle(db, seeded, article, now)));
const probeIds = await restoreProbeArticles();
const storyId = await addArticle(db, seeded, { slug: 'fuzz-story', body: 'A paragraph.\n\nAnother.' }, now);
const draftId = await addArticle(db, seeded, { slug: 'fuzz-draft', status: 'draft', publishedAt: null }, now);
const { newsletterId: fuzzNewsletterId, sendId: fuzzSendId } = await newsletterWithScheduledDigest(
  db,
  {
    slug: 'fuzz-briefing',
    name: 'Fuzz briefing',
    articleIds: [storyId],
  },
  now,
);

// The app with Stripe configured registers the webhook; the one in test mode registers the test
// checkout. Both are walked; every route is fuzzed on the test-mode app where it exists there, since
// the Stripe app would try to reach Stripe's servers for a checkout.
const stripeEnv = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', EMAIL_WEBHOOK_SECRET: 'fuzz-email-webhook-key-long-enough' };
// Cross-origin access is switched on, for one origin, so that its code is fuzzed too.
const appOrigin = 'https://app.example';
const corsEnv = { CORS_ORIGINS: appOrigin };
const stripe = await appWithRoutes(database, { env: { ...stripeEnv, ...corsEnv } });
const testMode = await appWithRoutes(database, { env: corsEnv });
const routeKey = (route: Route) => `${route.method} ${route.url}`;
const testModeKeys = new Set(testMode.routes.map(routeKey));
// Requests also go over a real socket, for the targets `inject` would rewrite or refuse.
const ports = new Map<object, number>();
for (const { app } of [stripe, testMode]) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address !== null && typeof address === 'object', 'the app listens on a port');
  ports.set(app, address.port);
}
after(() => Promise.all([stripe.app.close(), testMode.app.close()]));
const walked = [
  ...testMode.routes.map((route) => ({ route, app: testMode.app })),
  ...stripe.routes.filter((route) => !testModeKeys.has(routeKey(route))).map((route) => ({ route, app: stripe.app })),
];
// The same two payment modes again, each writing its log into memory, for the checks that read the log.
const logged = new Map([
  [stripe.app, await appWithLog({ ...stripeEnv, ...corsEnv })],
  [testMode.app, await appWithLog(corsEnv)],
]);

let admin = await signedInCookie(db, 'admin', now);
/** A reader for the desk's addresses, so fuzzed ones also reach a real reader's page. */
const deskReaderId = await insertAccount(db, { email: 'fuzz-desk-reader@example.org', name: 'Fuzz Desk Reader', passwordHash: null, role: 'reader', now });
// A gift subscription redeemed by the desk's reader, so their page lists it and fuzzed revocations reach a real gift.
const fuzzGiftPlan = await db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
const fuzzGiftId = await plantGiftSubscription(db, { planId: fuzzGiftPlan.id, now, state: 'redeemed', redeemedBy: deskReaderId });
/**
 * Newsletter links (`?nl=`) to each probe article: the desk reader's real ones (so fuzzed addresses
 * also reach a recipient's read), one signed with another secret, one expired and one cut short.
 */
const newsletterLinkKey = deriveNewsletterLinkKey(readFileSync(`${database.dataDir}/secret`, 'utf8').trim());
const newsletter = await deliverNewsletter(db, newsletterLinkKey, { accountId: deskReaderId, articleIds: probeIds, now });
const newsletterTokens = probeIds.flatMap((articleId) => {
  const real = newsletter.tokenFor(articleId);
  const claim = { articleId, deliveryId: newsletter.deliveryId };
  return [
    real,
    signNewsletterToken(
      { ...claim, expiresAt: new Date(now.getTime() + 86_400_000) },
      deriveNewsletterLinkKey('another-server-secret-of-more-than-thirty-two-chars'),
    ),
    signNewsletterToken({ ...claim, expiresAt: new Date(now.getTime() - 1000) }, newsletterLinkKey),
    real.slice(0, -1),
  ];
});
const csrf = await formTokenFor(admin.cookie);
const meterCookie = cookieFrom((await testMode.app.inject('/world/probe-metered')).headers['set-cookie'], 'dl_meter') ?? '';
const checkoutId = await openTestCheckout();
/** A live private feed address of the admin's, so fuzzed feed addresses also reach a real feed. */
const feedToken = await issueFeedToken(db, admin.accountId, now);
/** The admin's app token, so fuzzed API requests also reach the handlers behind it; a fuzzed sign-out of it is followed by a new one. */
let apiToken = (await issueApiToken(db, { accountId: admin.accountId, deviceName: 'Fuzzer', now })).token;
const apiTokenHeader = (path: string): Record<string, string> => (path.startsWith('/api/') ? { authorization: `Bearer ${apiToken}` } : {});

async function formTokenFor(cookie: string): Promise<{ token: string; cookie: string }> {
  const page = await testMode.app.inject({ url: '/account', headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const csrfCookie = cookieFrom(page.headers['set-cookie'], 'dl_csrf');
  assert.ok(token && csrfCookie, 'the account page gives a form token');
  return { token, cookie: `dl_csrf=${csrfCookie}` };
}

async function openTestCheckout(): Promise<string> {
  const started = await testMode.app.inject({
    method: 'POST',
    url: '/checkout',
    headers: { cookie: `${admin.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(csrf.token)}&offer=trial`,
  });
  const id = /\/checkout\/test\/([^/?]+)$/.exec(String(started.headers.location))?.[1];
  assert.ok(id, `a checkout opens in test mode (answered ${started.statusCode})`);
  return id;
}

/** A response that ended the admin's session (logging out) is followed by a new session, so later cases still reach the handlers. */
async function keepAdminSignedIn(response: FuzzResponse): Promise<void> {
  if (cookieFrom(response.setCookie, sessionCookieName) === '') {
    const { token } = await openSession(db, admin.accountId, now);
    admin = { accountId: admin.accountId, cookie: `${sessionCookieName}=${token}` };
  }
}

/** What the query strings of the routes really read (src/web/query-schemas.ts, the account, admin and commerce routes). */
const queryKeys = [
  'q',
  'page',
  'next',
  'token',
  'changed',
  'saved',
  'status',
  'section',
  'author',
  'access',
  'checkout',
  'offer',
  '_csrf',
  'url',
  'format',
  'maxwidth',
  'maxheight',
  'limit',
  'cursor',
  'nl',
  'plan',
];
const queryValues = [
  'world',
  'culture',
  'draft',
  'published',
  'scheduled',
  ...accessLevels,
  'profile',
  'password',
  'subscribed',
  'canceled',
  'image',
  'save',
  'publish',
  '/account',
  '/admin/articles',
  '/world/probe-metered',
  'https://news.example/world/probe-premium',
  'http://news.example/world/fuzz-draft',
  'json',
  'xml',
  '600',
  String(seeded.sectionIds.world),
  String(seeded.authorIds.reporter),
  'harbour',
  'probe',
  'a OR b',
  '"unterminated',
  'NEAR(a b)',
  '*',
  '-',
  ...newsletterTokens,
  'n1.',
  'n1.1.1.',
  'digital',
  'plan-changed',
];

/** Values the fixtures really have, for a route's path parameters, so that fuzzed addresses also reach real records. */
const knownPathValues =
  (routeUrl: string) =>
  (param: string): readonly string[] => {
    if (routeUrl.startsWith('/checkout/test/')) return [checkoutId];
    // Opened only in the browser that began it: the fuzzer's requests meet a checkout that is not theirs, or none.
    if (routeUrl.startsWith('/gift-subscriptions/test-checkout/')) return ['a'.repeat(43)];
    if (routeUrl.startsWith('/admin/readers/') && param === 'id') return [String(deskReaderId), '0', '999999999'];
    if (routeUrl.startsWith('/admin/gift-subscriptions/') && param === 'id') return [String(fuzzGiftId), '0', '999999999'];
    if (routeUrl.startsWith('/admin/newsletters/sends/') && param === 'id') return [String(fuzzSendId), '0', '999999999'];
    if (routeUrl.startsWith('/admin/newsletters/') && param === 'id') return [String(fuzzNewsletterId), '0', '999999999'];
    if (param === 'variant') return ['full', 'preview', 'other'];
    switch (param) {
      case 'section':
        return ['world', 'culture', 'authors', 'admin', 'search', 'feed.xml', 'media'];
      case 'slug':
        return routeUrl.startsWith('/authors/')
          ? ['ada-reporter', 'ben-critic']
          : [...probeArticles.map((article) => article.slug), 'fuzz-story', 'fuzz-draft'];
      case 'id':
        return ['new', ...[...probeIds, storyId, draftId, draftId, draftId].map(String), '0', '999999999'];
      case 'revision':
        return ['1', '2', '3', '0'];
      case 'name':
        return ['articles-2026-11.xml', 'articles-2026-11-2.xml', 'pages.xml', 'news.xml'];
      case 'token':
        return [feedToken];
      case '*':
        return ['print.css', 'site.js', 'favicon.svg', 'admin.css', 'admin.js', 'source-serif-4-latin-400-normal.woff2', 'fixture-image-640.jpeg'];
      default:
        return [];
    }
  };

/** Stands in a form for the article's revision at the moment the case is sent, since every save moves it on. */
const currentRevision = '(current revision)';
async function withCurrentRevision(body: PostBody, path: string): Promise<PostBody> {
  if (body.kind !== 'form' && body.kind !== 'json' && body.kind !== 'multipart') return body;
  const id = /^\/admin\/articles\/(\d{1,9})(?:\/|$)/.exec(path)?.[1];
  const article = id === undefined ? undefined : await db.selectFrom('articles').select('revision').where('id', '=', Number(id)).executeTakeFirst();
  const revision = String(article?.revision ?? 0);
  const resolved = (text: FuzzText): FuzzText => (text.raw === currentRevision ? { raw: revision, encoded: revision } : text);
  return { ...body, fields: body.fields.map(([name, value]) => [name, resolved(value)] as const) };
}

/**
 * A form that would pass, for each form route, from which the fuzzed bodies depart. Routes without
 * one get fields from nothing.
 */
const editorForm: FormFields = [
  ['version', currentRevision],
  ['intent', 'save'],
  ['headline', 'A fuzzed headline'],
  ['standfirst', 'A standfirst.'],
  ['slug', ''],
  ['sectionId', String(seeded.sectionIds.world)],
  ['authorIds', String(seeded.authorIds.reporter)],
  ['authorIds', String(seeded.authorIds.critic)],
  ['dateline', 'Geneva'],
  ['access', 'metered'],
  ['previewBlockCount', '2'],
  ['sponsorId', ''],
  ['bodyMarkdown', 'First.\n\nSecond.'],
  ['publishAt', ''],
];
const validForms: Readonly<Record<string, FormFields>> = {
  '/login': [
    ['email', 'fuzz@example.org'],
    ['password', 'a long passphrase'],
    ['next', '/account'],
  ],
  '/register': [
    ['name', 'Fuzz Reader'],
    ['email', 'fuzz@example.org'],
    ['password', 'a long passphrase'],
    ['next', '/'],
  ],
  '/register/confirm': [['token', 'a'.repeat(43)]],
  '/login/forgot': [['email', 'fuzz@example.org']],
  '/login/reset': [
    ['token', 'a'.repeat(43)],
    ['password', 'a long passphrase'],
  ],
  '/login/link': [['email', 'fuzz@example.org']],
  '/login/link/confirm': [['token', 'a'.repeat(43)]],
  '/newsletters': [
    ['email', 'fuzz@example.org'],
    ['newsletter', '1'],
    ['newsletter', '2'],
    ['next', '/'],
  ],
  '/newsletters/confirm': [['token', 'a'.repeat(43)]],
  '/newsletters/preferences': [['newsletter', '1']],
  '/gift-subscriptions/redeem': [['code', 'gs1.1.AAAAAAAAAAAAAAAA.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']],
  '/gift-subscriptions': [
    ['months', '3'],
    ['recipientName', 'Fuzz Recipient'],
    ['recipientEmail', 'fuzz-recipient@example.org'],
    ['message', 'A fuzzed message'],
    ['deliveryDay', '2026-12-24'],
    ['buyerName', 'Fuzz Buyer'],
    ['buyerEmail', 'fuzz-buyer@example.org'],
  ],
  '/gift-subscriptions/test-checkout/:id': [
    ['card', '4000 0000 0000 0002'],
    ['expiry', '12/30'],
    ['cvc', '123'],
  ],
  '/newsletters/unsubscribe': [['List-Unsubscribe', 'One-Click']],
  '/account/newsletters': [['newsletter', '1']],
  '/organisation/invite': [
    ['organisationId', '1'],
    ['email', 'fuzz@example.org'],
  ],
  '/organisation/remove': [
    ['organisationId', '1'],
    ['accountId', '1'],
  ],
  '/organisation/prove': [['email', 'fuzz@uni.example']],
  '/organisation/join': [['token', 'a'.repeat(43)]],
  '/organisation/prove/confirm': [['token', 'a'.repeat(43)]],
  '/admin/organisations': [
    ['name', 'Fuzz College'],
    ['planId', '1'],
    ['seats', '10'],
    ['startsAt', '2026-01-01'],
    ['endsAt', '2027-01-01'],
    ['byInvitation', 'on'],
    ['domains', 'fuzz.example'],
    ['ipRanges', '192.0.2.0/24'],
  ],
  '/account': [
    ['name', 'Fuzz Admin'],
    ['email', 'fuzz-admin@example.org'],
  ],
  '/account/password': [
    ['current', ''],
    ['password', 'a long passphrase'],
  ],
  '/checkout': [['offer', 'trial']],
  '/account/subscription/plan': [['plan', 'digital']],
  '/api/v1/sessions': [
    ['email', 'fuzz@example.org'],
    ['password', 'a long passphrase'],
    ['device', 'Fuzz phone'],
  ],
  '/checkout/test/:id': [
    ['card', '4000 0000 0000 0002'],
    ['expiry', '12/30'],
    ['cvc', '123'],
  ],
  '/admin/setup': [
    ['token', 'a'.repeat(43)],
    ['name', 'Fuzz'],
    ['email', 'setup@example.org'],
    ['password', 'a long passphrase'],
  ],
  '/admin/readers/:id/complimentary': [
    ['period', '1'],
    ['reason', 'A fuzzed reason'],
  ],
  '/admin/readers/:id/complimentary/:grantId/revoke': [['reason', 'A fuzzed reason']],
  '/admin/readers/:id/trial': [
    ['days', '7'],
    ['reason', 'A fuzzed reason'],
  ],
  '/admin/readers/:id/cancel': [
    ['when', 'period-end'],
    ['reason', 'A fuzzed reason'],
  ],
  '/admin/readers/:id/refund': [
    ['chargeId', '1'],
    ['reason', 'A fuzzed reason'],
  ],
  '/admin/readers/:id/login-link': [['reason', 'A fuzzed reason']],
  '/admin/gift-subscriptions/:id/revoke': [['reason', 'A fuzzed reason']],
  '/admin/gift-subscriptions/settings': [
    ['planId', '1'],
    ['price3', '45'],
    ['price6', ''],
    ['price12', '150.00'],
    ['reminderDays', '14'],
    ['continuationOfferId', ''],
  ],
  '/admin/readers/:id/newsletters/suppress': [['reason', 'A fuzzed reason']],
  '/admin/readers/:id/newsletters/unsuppress': [['reason', 'A fuzzed reason']],
  '/admin/readers/:id/newsletter-links': [['reason', 'A fuzzed reason']],
  '/admin/readers/:id/email': [
    ['email', 'fuzz-moved@example.org'],
    ['reason', 'A fuzzed reason'],
  ],
  '/admin/articles/:id': editorForm,
  '/admin/articles/:id/autosave': editorForm,
  '/admin/preview': [['markdown', '# A heading\n\nA [link](https://example.org).']],
  '/account/delete/confirm': [['token', 'a'.repeat(43)]],
  '/admin/readers/:id/delete': [['reason', 'Asked by letter']],
  '/admin/readers/:id/notes': [['text', 'Called about a double charge.\nRefunded the second.']],
  '/admin/staff/invite': [
    ['email', 'invited@example.org'],
    ['name', 'Invited'],
    ['role', 'contributor'],
  ],
  '/admin/articles/:id/lead-image': [
    ['alt', 'A harbour'],
    ['caption', 'The harbour.'],
    ['credit', 'Agency'],
  ],
  '/admin/settings': [
    ['name', 'The Fuzzed Gazette'],
    ['tagline', 'All the news'],
    ['locale', 'en-US'],
    ['timeZone', 'America/New_York'],
    ['anonymousLimit', '3'],
    ['registeredLimit', '10'],
    ['defaultPreviewBlocks', '2'],
    ['gracePeriodDays', '7'],
    ['trialReminderDays', '3'],
    ...accessMessageKeys().map((key): [string, string] => [`message.${key}`, '']),
  ],
  '/admin/newsletters': [
    ['name', 'Fuzzed briefing'],
    ['slug', 'fuzzed-briefing'],
    ['description', 'Made by the fuzzer.'],
    ['cadence', 'weekly'],
    ['senderName', 'Fuzz desk'],
    ['senderEmail', 'fuzz@example.org'],
    ['audience', 'registered'],
    ['template', 'edition'],
    ['dailySection', String(seeded.sectionIds.world)],
    ['dailySendTime', '07:00'],
  ],
  '/admin/newsletters/:id': [
    ['name', 'Fuzz briefing'],
    ['slug', 'fuzz-briefing'],
    ['description', 'Fuzz.'],
    ['cadence', 'daily'],
    ['senderName', 'Desk'],
    ['senderEmail', 'desk@example.org'],
    ['audience', 'anyone'],
    ['template', 'briefing'],
  ],
  '/admin/newsletters/:id/status': [['status', 'active']],
  '/admin/newsletters/compose': [
    ['newsletter', String(fuzzNewsletterId)],
    ['subject', 'A fuzzed digest'],
    ['intro', 'Some *words*.'],
    ['articles', String(storyId)],
    ['when', 'later'],
    ['scheduledFor', '2027-01-05T07:00'],
    ['action', 'save'],
  ],
  '/admin/newsletters/sends/:id/test': [['variant', 'preview']],
  '/admin/sections': [
    ['name', 'Fuzzed section'],
    ['description', 'Made by the fuzzer.'],
    ['position', '5'],
  ],
  '/admin/authors': [
    ['name', 'Fuzzed Author'],
    ['bio', 'Writes fuzz.'],
  ],
  '/admin/sponsors': [
    ['name', 'Fuzzed Sponsor'],
    ['disclosure', 'Paid for by fuzz.'],
    ['url', 'https://fuzz.example'],
  ],
  '/admin/plans': [
    ['name', 'Fuzz plan'],
    ['slug', 'fuzz-plan'],
    ['price', '12.50'],
    ['currency', 'USD'],
    ['interval', 'month'],
    ['benefits', 'All of it\nAnd more'],
    ['isActive', 'on'],
    ['tier-premium', 'on'],
  ],
  '/admin/tiers': [
    ['name', 'Fuzz tier'],
    ['slug', 'fuzz-tier'],
    ['description', 'The fuzzed archive'],
  ],
  '/admin/offers': [
    ['headline', 'A fuzzed offer'],
    ['slug', 'fuzz-offer'],
    ['planSlug', 'digital'],
    ['termsKind', 'introductory-price'],
    ['introPrice', '3'],
    ['introPeriods', '3'],
    ['trialDays', '14'],
    ['startsAt', ''],
    ['endsAt', '2030-01-01T00:00'],
    ['redemptionCap', ''],
    ['copy', 'Fuzz.'],
    ['isRetired', ''],
  ],
};
const formKeys = [...new Set(Object.values(validForms).flatMap((fields) => fields.map(([name]) => name)))];
const formValues = [
  ...queryValues,
  'on',
  'month',
  'year',
  'USD',
  'EUR',
  'standard',
  'free-trial',
  'introductory-price',
  'unpublish',
  'schedule',
  'admin',
  'editor',
  'reader',
  'en-US',
  'de-DE',
  'ar-EG',
  'Europe/Paris',
  'Etc/GMT+12',
  'Pacific/Kiritimati',
  'intro',
  'trial',
  'ended',
  'limited',
  'print',
  '4242 4242 4242 4242',
  '12/99',
];

/** The site answers its reader pages normally: the home page, a section, and an article at each access level. */
async function assertSiteStillServes(): Promise<void> {
  // The fuzzing may have unpublished or moved the probe articles; that is its right. Settings stay as it left them.
  await restoreProbeArticles();
  for (const url of ['/', '/world', ...probeArticles.map((article) => `/world/${article.slug}`)]) {
    const response = await testMode.app.inject(url);
    assert.equal(response.statusCode, 200, `${url} answers 200 after the fuzzing (got ${response.statusCode})`);
  }
  const signedIn = await testMode.app.inject({ url: '/world/probe-metered', headers: { cookie: (await signedInCookie(db, 'reader', now)).cookie } });
  assert.equal(signedIn.statusCode, 200, `a registered reader's metered read answers 200 after the fuzzing (got ${signedIn.statusCode})`);
}

/** The one 5xx the site gives on purpose: oEmbed's spec asks for 501 when a consumer wants a format (XML) the site does not give. */
function isOEmbedFormatRefusal(response: Pick<FuzzResponse, 'statusCode' | 'body'>): boolean {
  return response.statusCode === 501 && response.body.includes('"code":"format-not-implemented"');
}

function assertNoServerError(response: Pick<FuzzResponse, 'statusCode' | 'body'>, request: string): void {
  assert.ok(
    response.statusCode === null || response.statusCode < 500 || isOEmbedFormatRefusal(response),
    `${request}\nanswered ${response.statusCode}: ${response.body.slice(0, 300)}`,
  );
}

/** Who sends a GET: nobody, the admin, the admin with a reader's meter, or a browser with cookies of any kind. */
const getSender = fc.oneof(
  fc.constantFrom('anonymous', 'admin', 'admin-with-meter'),
  fc
    .tuple(fuzzText(), fuzzText(), fuzzText())
    .map(([session, meter, other]) => `${sessionCookieName}=${session.encoded}; dl_meter=${meter.encoded}; ${other.encoded}`),
);
const cookieOf = (sender: string) =>
  sender === 'anonymous' ? undefined : sender === 'admin' ? admin.cookie : sender === 'admin-with-meter' ? `${admin.cookie}; dl_meter=${meterCookie}` : sender;

/** Most requests go through `inject`, which is quicker; one in four over a socket, as sent. */
const overSocket = fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
function portOf(app: object): number {
  const port = ports.get(app);
  assert.ok(port !== undefined, 'the app listens');
  return port;
}

const getRoutes = walked.filter(({ route }) => route.method === 'GET');
// The API's sign-out (DELETE) is fuzzed with the POST routes: a body it does not take must be refused as well.
const postRoutes = walked.filter(({ route }) => route.method === 'POST' || route.method === 'DELETE');
/** @fastify/cors's catch-all OPTIONS route, which answers every preflight. */
const preflightRoutes = walked.filter(({ route }) => route.method === 'OPTIONS');
let getRequests = 0;
let postRequests = 0;
let preflightRequests = 0;

describe(`fuzzing every route the app registers (${database.dialect})`, () => {
  it('walks the routes of both payment modes, the Stripe webhook and the test checkout among them', () => {
    assert.ok(
      walked.some(({ route }) => route.url === '/webhooks/stripe'),
      'the Stripe webhook is registered',
    );
    assert.ok(
      walked.some(({ route }) => route.url === '/checkout/test/:id'),
      'the test checkout is registered',
    );
    assert.ok(getRoutes.length > 20 && postRoutes.length > 20, `${getRoutes.length} GET and ${postRoutes.length} POST routes`);
    assert.deepEqual(
      new Set(walked.map(({ route }) => route.method)),
      new Set(['GET', 'POST', 'DELETE', 'OPTIONS']),
      "only GET, POST, the API's DELETE and the preflights' OPTIONS routes, which are the ones fuzzed here",
    );
  });

  describe('query strings and path parameters never cause a server error', () => {
    for (const { route, app } of getRoutes) {
      it(`GET ${route.url}`, async () => {
        const request = fc.record({
          path: fuzzPath(route.url, knownPathValues(route.url)),
          query: fc.option(fuzzQueryString(queryKeys, queryValues), { nil: null, freq: 10 }),
          sender: getSender,
          remoteAddress: fc.ipV4(),
          isOverSocket: overSocket,
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ path, query, sender, remoteAddress, isOverSocket }) => {
            getRequests += 1;
            const target = query === null ? path : `${path}?${query}`;
            const cookie = cookieOf(sender);
            const response = await sendRequest(
              app,
              portOf(app),
              {
                method: 'GET',
                target,
                remoteAddress,
                headers: { ...(cookie === undefined ? {} : { cookie }), ...(sender === 'anonymous' ? {} : apiTokenHeader(path)) },
              },
              { isOverSocket },
            );
            assertNoServerError(response, `GET ${JSON.stringify(target)} as ${sender}${isOverSocket ? ', over a socket' : ''}`);
          }),
          routeOptions,
        );
        await assertSiteStillServes();
      });
    }
  });

  describe('form bodies, wrong content types and oversized bodies never cause a server error, with a valid form token', () => {
    for (const { route, app } of postRoutes) {
      it(`${route.method} ${route.url}`, async () => {
        const isMultipartAccepted = route.url.startsWith('/admin/');
        const request = fc.record({
          // Addresses are the GET cases' subject; here most cases go to a real record, so that the body reaches its handler.
          path: fc.oneof(
            { weight: 3, arbitrary: fuzzPath(route.url, knownPathValues(route.url), { isKnownOnly: true }) },
            { weight: 1, arbitrary: fuzzPath(route.url, knownPathValues(route.url)) },
          ),
          body: fuzzPostBody(validForms[route.url] ?? [], formKeys, formValues, { isMultipartAccepted }),
          stripeSignature: fc.option(fuzzText(['t=1,v1=00', `t=${Math.floor(now.getTime() / 1000)},v1=${'0'.repeat(64)}`]), { nil: null }),
          remoteAddress: fc.ipV4(),
          isOverSocket: overSocket,
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ path, body, stripeSignature, remoteAddress, isOverSocket }) => {
            postRequests += 1;
            const { headers, payload } = toPayload(await withCurrentRevision(body, path), csrf.token);
            const cookie = `${admin.cookie}; ${csrf.cookie}`;
            const signature: Record<string, string> = stripeSignature === null ? {} : { 'stripe-signature': stripeSignature.encoded };
            const method = route.method === 'DELETE' ? 'DELETE' : 'POST';
            const response = await sendRequest(
              app,
              portOf(app),
              { method, target: path, remoteAddress, headers: { ...headers, cookie, ...signature, ...apiTokenHeader(path) }, payload },
              { isOverSocket },
            );
            await keepAdminSignedIn(response);
            if (method === 'DELETE' && response.statusCode === 204)
              apiToken = (await issueApiToken(db, { accountId: admin.accountId, deviceName: 'Fuzzer', now })).token;
            const over = isOverSocket ? ', over a socket' : '';
            assertNoServerError(
              response,
              `${method} ${JSON.stringify(path)} (${body.kind}, ${JSON.stringify(headers['content-type'] ?? null)}${over}) with ${describePayload(payload)}`,
            );
          }),
          routeOptions,
        );
        await assertSiteStillServes();
      });
    }
  });

  describe('CORS preflights, from any origin, for any path and method, never cause a server error', () => {
    const headerText = fc.string({ unit: fc.constantFrom('a', 'Z', '-', ',', ' ', '*', ':', '/', '.', '1'), maxLength: 30 });
    for (const { route, app } of preflightRoutes) {
      it(`${route.method} ${route.url}`, async () => {
        const request = fc.record({
          base: fc.constantFrom(
            '/api/v1/articles',
            '/api/v1/',
            '/api/v1',
            '/oembed',
            '/feed.xml',
            '/world/atom.xml',
            '/feeds/private/x/feed.json',
            '/account',
            '/admin',
            '/',
          ),
          suffix: fc.option(fuzzText(), { nil: null }),
          origin: fc.option(fc.oneof(fc.constantFrom(appOrigin, 'https://evil.example', 'null', `${appOrigin}.evil.example`, ''), headerText), { nil: null }),
          requestMethod: fc.option(fc.oneof(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'TRACE'), headerText), { nil: null }),
          requestHeaders: fc.option(headerText, { nil: null }),
          remoteAddress: fc.ipV4(),
          isOverSocket: overSocket,
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ base, suffix, origin, requestMethod, requestHeaders, remoteAddress, isOverSocket }) => {
            preflightRequests += 1;
            const target = suffix === null ? base : `${base}/${suffix.encoded}`;
            const headers: Record<string, string> = {
              ...(origin === null ? {} : { origin }),
              ...(requestMethod === null ? {} : { 'access-control-request-method': requestMethod }),
              ...(requestHeaders === null ? {} : { 'access-control-request-headers': requestHeaders }),
            };
            const response = await sendRequest(app, portOf(app), { method: 'OPTIONS', target, remoteAddress, headers }, { isOverSocket });
            assertNoServerError(response, `OPTIONS ${JSON.stringify(target)} with ${JSON.stringify(headers)}${isOverSocket ? ', over a socket' : ''}`);
          }),
          routeOptions,
        );
      });
    }
  });

  it('ends with the site still serving its pages', async () => {
    await assertSiteStillServes();
    recordFigure('Fuzzing', 'routes fuzzed', walked.length);
    recordFigure('Fuzzing', 'GET requests, fuzzed paths, query strings and cookies', getRequests);
    recordFigure('Fuzzing', 'POST requests, fuzzed bodies and content types', postRequests);
    recordFigure('Fuzzing', 'CORS preflights, fuzzed paths, origins and methods', preflightRequests);
  });
});

/** Signs a payload as Stripe signs a webhook delivery, with the webhook secret the Stripe app was given. */
function signedByStripe(payload: string): string {
  const signedAt = Math.floor(Date.now() / 1000);
  return `t=${signedAt},v1=${createHmac('sha256', stripeEnv.STRIPE_WEBHOOK_SECRET).update(`${signedAt}.${payload}`).digest('hex')}`;
}

/** The app as a payment mode builds it, writing every log line into memory, so a check can look for error lines. */
async function appWithLog(env: Record<string, string>) {
  const lines: string[] = [];
  const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/', ...env }, process.cwd());
  const app = await buildApp({
    config,
    db,
    dialect: database.dialect,
    now: () => now,
    logger: { level: 'info', stream: { write: (line) => void lines.push(line) } },
    resolver: offlineResolver,
    paymentProvider: choosePaymentProvider(config, db),
  });
  after(() => app.close());
  return { app, lines };
}

/** Log lines at pino's error level or above (50 is error, 60 fatal). */
function errorLinesOf(lines: readonly string[]): string[] {
  return lines.filter((line) => /"level":[56]\d/.test(line));
}

describe(`deep and oversized bodies on every route (${database.dialect})`, () => {
  // Every route that reads a body (GET routes read none), sent as the admin with a form token and the API token,
  // so that each body reaches the edge and is not turned away first for want of a session.
  const bodyRoutes = walked.filter(({ route }) => route.method !== 'GET');
  const bodies = deepAndOversizedBodies();
  let requests = 0;

  for (const { route, app } of bodyRoutes) {
    it(`${route.method} ${route.url}: answers 4xx naming the problem, never a server error or an error line in the log`, async () => {
      const target = logged.get(app);
      assert.ok(target, "a logging app for the route's payment mode");
      const path = fc.sample(fuzzPath(route.url, knownPathValues(route.url), { isKnownOnly: true }), { numRuns: 1, seed: 1 })[0] ?? route.url;
      for (const body of bodies) {
        requests += 1;
        const isWebhook = route.url === stripeWebhookPath || route.url === emailWebhookPath;
        // The webhooks read nothing before the signature, so their bodies are signed: what is refused then is the event.
        const signature: Record<string, string> =
          route.url === stripeWebhookPath
            ? { 'stripe-signature': signedByStripe(body.payload) }
            : route.url === emailWebhookPath
              ? { 'x-dateline-signature': signEmailWebhookBody(body.payload, stripeEnv.EMAIL_WEBHOOK_SECRET) }
              : {};
        const names = isWebhook && body.contentType === 'application/json' && !body.isOversized ? /event|JSON/i : body.names;
        const linesBefore: number = target.lines.length;
        const response = await target.app.inject({
          method: route.method === 'OPTIONS' ? 'OPTIONS' : route.method === 'DELETE' ? 'DELETE' : 'POST',
          url: path,
          headers: {
            'content-type': body.contentType,
            cookie: `${admin.cookie}; ${csrf.cookie}`,
            'csrf-token': csrf.token,
            ...apiTokenHeader(path),
            ...signature,
          },
          payload: body.payload,
        });
        await keepAdminSignedIn({ statusCode: response.statusCode, setCookie: [response.headers['set-cookie'] ?? []].flat(), body: response.body });
        const what = `${route.method} ${path} with ${body.name}`;
        assert.deepEqual(
          errorLinesOf(target.lines.slice(linesBefore)).map((line) => line.slice(0, 400)),
          [],
          `${what} wrote an error into the log`,
        );
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${what} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        assert.match(response.body, names, `${what} answered ${response.statusCode} without naming the problem: ${response.body.slice(0, 300)}`);
      }
    });
  }

  it('sent every body to every route that reads one', () => {
    assert.ok(
      bodyRoutes.some(({ route }) => route.url === '/api/v1/sessions') && bodyRoutes.some(({ route }) => route.url === '/login'),
      'the routes named in the report are among them',
    );
    recordFigure('Fuzzing', 'deep and oversized bodies', requests);
  });
});

describe(`fuzzing signed Stripe events (${database.dialect})`, () => {
  /**
   * Each case is a story of two to eight events, signed as Stripe signs them, about a reader of its own
   * who opened two checkouts, two seat checkouts for a company and two gifts awaiting payment:
   * subscriptions created, moved, ended and revived, seats billed, invoices paid, gifts' checkouts
   * completed, events repeated and delivered late. "A" and "B" name the case's two subscriptions, "1"
   * and "2" its checkouts, "3" and "4" its seat checkouts, "G1" and "G2" its gifts.
   */
  const seconds = Math.floor(now.getTime() / 1000);
  const day = 86_400;
  // Times as Stripe sends them, in whole seconds: around now, and anywhere from the epoch to the last second of the year 9999.
  const timestamp = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: seconds - 30 * day, max: seconds + 400 * day }) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 253_402_300_799), fc.integer({ min: 0, max: 253_402_300_799 })) },
  );
  // Stripe's ids are never empty; an empty one is among the malformed events below.
  const anyId = fc.string({ minLength: 1, maxLength: 8 });
  const subscriptionRef = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('A', 'B') }, { weight: 1, arbitrary: anyId });
  const subscriptionObject = fc.record({
    id: subscriptionRef,
    object: fc.constant('subscription'),
    customer: fc.oneof(fc.constant('cus_fuzz'), fc.constant(null), fc.record({ id: anyId })),
    status: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('trialing', 'active', 'past_due', 'canceled') },
      { weight: 1, arbitrary: fc.constantFrom('unpaid', 'incomplete', 'incomplete_expired', 'paused') },
    ),
    cancel_at_period_end: fc.boolean(),
    trial_end: fc.option(timestamp, { nil: null }),
    ended_at: fc.option(timestamp, { nil: null }),
    metadata: fc.oneof(
      { weight: 3, arbitrary: fc.record({ checkoutId: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('1', '2') }, { weight: 1, arbitrary: anyId }) }) },
      // A company's seats: "3" and "4" name the case's two seat checkouts.
      { weight: 2, arbitrary: fc.record({ seatCheckoutId: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('3', '4') }, { weight: 1, arbitrary: anyId }) }) },
      { weight: 1, arbitrary: fc.constant({}) },
    ),
    items: fc.record({
      object: fc.constant('list'),
      data: fc.array(fc.record({ object: fc.constant('subscription_item'), current_period_end: timestamp, quantity: fc.integer({ min: 0, max: 600 }) }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  });
  const invoiceObject = fc.record({
    object: fc.constant('invoice'),
    id: fc.constantFrom('in_1', 'in_2'),
    currency: fc.constantFrom('usd', 'eur'),
    amount_paid: fc.integer({ min: 0, max: 10_000_000 }),
    amount_due: fc.integer({ min: 0, max: 10_000_000 }),
    attempt_count: fc.integer({ min: 0, max: 4 }),
    parent: fc.option(fc.record({ subscription_details: fc.record({ subscription: subscriptionRef }) }), { nil: null }),
  });
  const subscriptionEvent = fc.record({
    type: fc.constantFrom(
      'customer.subscription.created',
      'customer.subscription.updated',
      'customer.subscription.deleted',
      'customer.subscription.trial_will_end',
    ),
    object: subscriptionObject,
  });
  const otherEvent = fc.record({ type: fc.constantFrom('invoice.paid', 'invoice.payment_failed', 'charge.refunded'), object: invoiceObject });
  /** A gift's Checkout Session in payment mode, or one that is not: "G1" and "G2" name the case's two gifts awaiting payment. */
  const giftCheckoutEvent = fc.record({
    type: fc.constantFrom('checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.expired'),
    object: fc.record({
      object: fc.constant('checkout.session'),
      id: fc.constantFrom('cs_gift_1', 'cs_gift_2'),
      mode: fc.oneof({ weight: 4, arbitrary: fc.constant('payment') }, { weight: 1, arbitrary: fc.constant('subscription') }),
      payment_status: fc.oneof({ weight: 4, arbitrary: fc.constant('paid') }, { weight: 1, arbitrary: fc.constantFrom('unpaid', 'no_payment_required') }),
      payment_intent: fc.option(fc.constantFrom('pi_1', 'pi_2'), { nil: null }),
      metadata: fc.record({
        datelineGiftId: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('G1', 'G2') },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 9_999_999_999 }).map(String) },
        ),
      }),
    }),
  });
  const story = fc.array(
    fc.record({
      event: fc.oneof({ weight: 4, arbitrary: subscriptionEvent }, { weight: 1, arbitrary: otherEvent }, { weight: 1, arbitrary: giftCheckoutEvent }),
      // Most events come in order; some arrive late, after ones Stripe sent after them; some come twice.
      secondsLate: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 * day }) }),
      isRepeat: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
    { minLength: 2, maxLength: 8 },
  );

  it('acknowledges any story of well-formed events Stripe could sign, without a server error', async () => {
    const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'trial').executeTakeFirstOrThrow();
    let stories = 0;
    let events = 0;
    await fc.assert(
      fc.asyncProperty(story, async (steps) => {
        stories += 1;
        const name = `stripe-${database.dialect}-${stories}`;
        const reader = await insertAccount(db, { email: `${name}@example.org`, name, passwordHash: null, role: 'reader', now });
        const checkoutOf = (ref: string) => (ref === '1' || ref === '2' ? `chk_${name}_${ref}` : ref);
        const seatCheckoutOf = (ref: string) => (ref === '3' || ref === '4' ? `seat_${name}_${ref}` : ref);
        const giftIds = new Map<string, number>();
        for (const ref of ['G1', 'G2']) {
          giftIds.set(
            ref,
            await plantGiftSubscription(db, { planId: fuzzGiftPlan.id, now, state: 'awaiting-payment', buyerEmail: `${name}-${ref}@example.org` }),
          );
        }
        for (const ref of ['3', '4']) {
          await db
            .insertInto('seat_checkouts')
            .values({
              id: seatCheckoutOf(ref),
              account_id: reader,
              plan_id: fuzzGiftPlan.id,
              organisation_name: `Fuzz Works ${name} ${ref}`,
              seats: 3,
              provider: 'stripe',
              provider_session_id: `cs_${name}_${ref}`,
              status: 'open',
              organisation_id: null,
              created_at: now.toISOString(),
              completed_at: null,
            })
            .execute();
        }
        const subscriptionOf = (ref: unknown) => (ref === 'A' || ref === 'B' ? `sub_${name}_${ref}` : ref);
        for (const ref of ['1', '2']) {
          await db
            .insertInto('checkout_sessions')
            .values({
              id: checkoutOf(ref),
              account_id: reader,
              offer_id: offer.id,
              provider: 'stripe',
              provider_session_id: `cs_${name}_${ref}`,
              status: 'open',
              created_at: now.toISOString(),
              completed_at: null,
            })
            .execute();
        }
        for (const [index, { event, secondsLate, isRepeat }] of steps.entries()) {
          events += 1;
          const object =
            event.object.object === 'subscription'
              ? {
                  ...event.object,
                  id: subscriptionOf(event.object.id),
                  metadata:
                    'checkoutId' in event.object.metadata
                      ? { checkoutId: checkoutOf(event.object.metadata.checkoutId) }
                      : 'seatCheckoutId' in event.object.metadata
                        ? { seatCheckoutId: seatCheckoutOf(event.object.metadata.seatCheckoutId) }
                        : {},
                }
              : event.object.object === 'checkout.session'
                ? {
                    ...event.object,
                    metadata: { datelineGiftId: String(giftIds.get(event.object.metadata.datelineGiftId) ?? event.object.metadata.datelineGiftId) },
                  }
                : {
                    ...event.object,
                    parent: event.object.parent && {
                      subscription_details: { subscription: subscriptionOf(event.object.parent.subscription_details.subscription) },
                    },
                  };
          const id = `evt_${name}_${isRepeat && index > 0 ? index - 1 : index}`;
          const payload = JSON.stringify({
            id,
            object: 'event',
            type: event.type,
            created: seconds + index * 60 - secondsLate,
            data: { object },
            livemode: false,
          });
          const response = await stripe.app.inject({
            method: 'POST',
            url: '/webhooks/stripe',
            headers: { 'content-type': 'application/json', 'stripe-signature': signedByStripe(payload) },
            payload,
          });
          assertNoServerError(response, `event ${index + 1} of ${steps.length} of a story, signed with the webhook secret: ${payload}`);
          assert.equal(response.statusCode, 200, `a signed event is acknowledged (got ${response.statusCode})`);
        }
      }),
      options(runsPerRoute * 2),
    );
    recordFigure('Fuzzing', 'signed Stripe event stories', stories);
    recordFigure('Fuzzing', 'signed Stripe events', events);
  });

  /**
   * A well-formed event with one thing broken, as a bug on either side or a change of API version
   * might break it: a field left out, a field of a type it never has, a status Stripe does not have,
   * a time outside what a date can hold, a null character, or no event object at all.
   */
  const envelopeFields = ['id', 'type', 'created', 'data'] as const;
  const subscriptionFields = ['id', 'object', 'customer', 'status', 'cancel_at_period_end', 'trial_end', 'ended_at', 'metadata'] as const;
  const neverValid: Readonly<Record<(typeof envelopeFields)[number] | (typeof subscriptionFields)[number] | 'amount_paid', fc.Arbitrary<unknown>>> = {
    id: fc.oneof(
      fc.integer(),
      fc.constant(''),
      fc.constant(null),
      anyId.map((id) => `evt_${id}\u0000`),
    ),
    type: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null), fc.constant({})),
    created: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(-1), fc.constant(1.5), fc.constant(253_402_300_800), fc.constant(1e300), fc.constant(null)),
    data: fc.oneof(fc.constant(null), fc.string({ maxLength: 5 }), fc.constant({}), fc.constant({ object: 'sub_1' }), fc.constant({ object: [] })),
    object: fc.oneof(fc.constant('invoice'), fc.constant('customer'), fc.integer()),
    customer: fc.oneof(fc.integer(), fc.constant(''), fc.constant({}), fc.constant([])),
    status: fc.oneof(
      anyId.filter((status) => !['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'].includes(status)),
      fc.constant(null),
      fc.integer(),
    ),
    cancel_at_period_end: fc.oneof(fc.constant('false'), fc.constant(0), fc.constant(null)),
    trial_end: fc.oneof(fc.constant('soon'), fc.constant(-1), fc.constant(0.5), fc.constant(1e300)),
    ended_at: fc.oneof(fc.constant('soon'), fc.constant(-1), fc.constant(true)),
    metadata: fc.oneof(fc.constant('chk'), fc.constant(null), fc.record({ checkoutId: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null)) })),
    amount_paid: fc.oneof(fc.constant('900'), fc.constant(-1), fc.constant(9.5), fc.constant(null)),
  };
  const wellFormed = fc.record({
    type: fc.constantFrom('customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted'),
    object: subscriptionObject,
  });
  const paidInvoice = fc.record({ type: fc.constant('invoice.paid'), object: invoiceObject });
  const brokenEvent = fc.oneof(
    fc
      .record({ base: fc.oneof(wellFormed, paidInvoice), field: fc.constantFrom(...envelopeFields), how: fc.constantFrom('left out', 'wrong') })
      .chain(({ base, field, how }) =>
        neverValid[field].map((value) => ({
          what: `the event's ${field} ${how === 'left out' ? 'left out' : `as ${JSON.stringify(value)}`}`,
          base,
          envelope: { [field]: how === 'left out' ? undefined : value },
          object: {},
        })),
      ),
    fc.record({ base: wellFormed, field: fc.constantFrom(...subscriptionFields), how: fc.constantFrom('left out', 'wrong') }).chain(({ base, field, how }) =>
      neverValid[field].map((value) => ({
        what: `the subscription's ${field} ${how === 'left out' ? 'left out' : `as ${JSON.stringify(value)}`}`,
        base,
        envelope: {},
        object: { [field]: how === 'left out' ? undefined : value },
      })),
    ),
    fc.record({ base: wellFormed, value: fc.oneof(fc.constant('soon'), fc.constant(-1), fc.constant(1e300)) }).map(({ base, value }) => ({
      what: `the period's end as ${value}`,
      base,
      envelope: {},
      object: { items: { object: 'list', data: [{ current_period_end: value }] } },
    })),
    fc
      .record({ base: paidInvoice, value: neverValid.amount_paid })
      .map(({ base, value }) => ({ what: `the invoice's amount as ${JSON.stringify(value)}`, base, envelope: {}, object: { amount_paid: value } })),
  );
  const notAnEvent = fc.oneof(
    fc.constant([]),
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 10 }),
    fc.constant(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
  );

  it("refuses any signed event that is not what Stripe's API describes with 400, one line in the log and no stack", async () => {
    const target = logged.get(stripe.app);
    assert.ok(target, 'the Stripe app with its log');
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 6, arbitrary: brokenEvent }, { weight: 1, arbitrary: notAnEvent.map((body) => ({ what: 'no event at all', body })) }),
        async (broken) => {
          refused += 1;
          const id = `evt_malformed_${database.dialect}_${refused}`;
          const payload =
            'body' in broken
              ? typeof broken.body === 'string' && broken.body.startsWith('[')
                ? broken.body
                : JSON.stringify(broken.body)
              : JSON.stringify({
                  id,
                  object: 'event',
                  type: broken.base.type,
                  created: seconds,
                  livemode: false,
                  ...broken.envelope,
                  data: 'data' in broken.envelope ? broken.envelope.data : { object: { ...broken.base.object, ...broken.object } },
                });
          const linesBefore: number = target.lines.length;
          const response = await target.app.inject({
            method: 'POST',
            url: stripeWebhookPath,
            headers: { 'content-type': 'application/json', 'stripe-signature': signedByStripe(payload) },
            payload,
          });
          const lines = target.lines.slice(linesBefore);
          const what = `a signed event with ${broken.what}: ${payload.slice(0, 300)}`;
          assert.equal(response.statusCode, 400, `${what}\nanswered ${response.statusCode}: ${response.body.slice(0, 300)}`);
          assert.match(response.body, /not one Stripe's API describes/, what);
          assert.equal(lines.filter((line) => line.includes('Stripe event refused as malformed')).length, 1, `${what}\nis named in one line of the log`);
          assert.deepEqual(errorLinesOf(lines).concat(lines.filter((line) => line.includes('"stack"'))), [], `${what}\nwrote an error or a stack into the log`);
        },
      ),
      options(runsPerRoute * 2),
    );
    recordFigure('Fuzzing', 'malformed signed Stripe events refused', refused);
  });
});

describe('fuzzing the Markdown sanitizer', () => {
  it("never lets a script element, an event handler or a script address through the editor's and the save path's rendering", () => {
    let documents = 0;
    fc.assert(
      fc.property(hostileDocument, (markdown) => {
        documents += 1;
        const html = renderBody(markdown)
          .blocks.map((block) => block.html)
          .join('\n');
        assert.deepEqual(findExecutableMarkup(html), [], `Markdown ${JSON.stringify(markdown)}\nrendered as ${JSON.stringify(html)}`);
      }),
      options(pureRuns * 2),
    );
    recordFigure('Fuzzing', 'hostile Markdown documents rendered', documents);
  });

  it('never lets them through the sanitizing of stored HTML either, taken as HTML', () => {
    let fragments = 0;
    fc.assert(
      fc.property(hostileDocument, (html) => {
        fragments += 1;
        const sanitized = sanitizeBlockHtml(html);
        assert.deepEqual(findExecutableMarkup(sanitized), [], `HTML ${JSON.stringify(html)}\nsanitized as ${JSON.stringify(sanitized)}`);
      }),
      options(pureRuns * 2),
    );
    recordFigure('Fuzzing', 'hostile HTML fragments sanitized', fragments);
  });

  it('has a checker that finds what it looks for', () => {
    assert.deepEqual(findExecutableMarkup('<p>Safe <a href="https://example.org">link</a> and &lt;script&gt;</p>'), []);
    for (const unsafe of [
      '<script>x</script>',
      '<a href="x" onclick="y">',
      '<a href="jav&#x09;ascript:alert(1)">',
      '<a href=" VBScript:x">',
      '<a href="data:text/html,x">',
      '<svg>',
    ]) {
      assert.notDeepEqual(findExecutableMarkup(unsafe), [], unsafe);
    }
  });
});

describe('the access rules at volume', () => {
  const timeZone = fc.constantFrom('America/New_York', 'UTC', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Australia/Lord_Howe');
  const moment = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
  const meteredReader = fc.constantFrom<Reader>(
    { kind: 'anonymous' },
    { kind: 'registered', readerId: 1, lapsed: null },
    { kind: 'registered', readerId: 1, lapsed: 'trial' },
    { kind: 'registered', readerId: 1, lapsed: 'subscription' },
  );
  const entitledReader = fc.constantFrom<Reader>({ kind: 'subscriber', readerId: 2, tiers: [] }, { kind: 'staff', readerId: 3 }, { kind: 'verified-crawler' });
  const anyReader = fc.oneof(meteredReader, entitledReader);
  const level = fc.constantFrom<AccessLevel>(...accessLevels);
  const limit = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: maximumMeterLimit }));
  const limits = fc.record({ anonymous: limit, registered: limit });
  const period = fc
    .tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }))
    .map(([year, month]) => `${year}-${String(month).padStart(2, '0')}`);
  const storedMeter = fc.option(
    fc.record(
      { period, articleIds: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: maximumMeterLimit }).map((ids) => ids.sort((a, b) => a - b)) },
      { noNullPrototype: true },
    ),
    { nil: null },
  );
  const key = deriveMeterCookieKey('a-server-secret-of-more-than-thirty-two-characters');
  let decisions = 0;

  const source = fc.constantFrom<VisitSource>(...visitSources);
  const campaign = fc.constantFrom(null, 'spring', 'SPRING', 'autumn');
  const visit = fc.record({ source, campaign }, { noNullPrototype: true });
  const meterRules = fc
    .array(
      fc.record(
        {
          condition: fc.record(
            {
              source: fc.option(source, { nil: null }),
              reader: fc.option(fc.constantFrom(...ruleReaderKinds), { nil: null }),
              campaign: fc.option(fc.constantFrom('spring', 'Autumn'), { nil: null }),
              sectionId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
            },
            { noNullPrototype: true },
          ),
          effect: fc.oneof(
            fc.record({ kind: fc.constant('more' as const), articles: fc.integer({ min: 1, max: maximumMeterLimit }) }, { noNullPrototype: true }),
            fc.record({ kind: fc.constant('fewer' as const), articles: fc.integer({ min: 1, max: maximumMeterLimit }) }, { noNullPrototype: true }),
            fc.record({ kind: fc.constant('set' as const), articles: fc.integer({ min: 0, max: maximumMeterLimit }) }, { noNullPrototype: true }),
          ),
        },
        { noNullPrototype: true },
      ),
      { maxLength: 6 },
    )
    .map((drafts): MeterRule[] => drafts.map((draft, index) => ({ id: index + 1, name: `rule ${index + 1}`, ...draft })));
  /** The article's section, fixed by its id, so that section rules see the same article in the same section every time. */
  const sectionOf = (id: number) => (id % 3) + 1;

  /** The rule the decision must name, worked out here on its own: the first whose every condition holds. */
  function expectedRule(rules: readonly MeterRule[], reader: Reader, read: Visit, sectionId: number): MeterRule | null {
    const readerHolds = (kind: MeterRule['condition']['reader']) =>
      kind === null ||
      (kind === 'anonymous' && reader.kind === 'anonymous') ||
      (kind === 'registered' && reader.kind === 'registered') ||
      (kind === 'lapsed' && reader.kind === 'registered' && reader.lapsed !== null);
    return (
      rules.find(
        ({ condition }) =>
          (condition.source === null || condition.source === read.source) &&
          readerHolds(condition.reader) &&
          (condition.campaign === null || condition.campaign.toLowerCase() === read.campaign?.toLowerCase()) &&
          (condition.sectionId === null || condition.sectionId === sectionId),
      ) ?? null
    );
  }

  it('grants no reader more distinct metered articles in a month than the limit the applied meter rule gives, however they read and arrive, with the meter kept in a cookie or not', () => {
    const reads = fc.array(
      fc.record({ id: fc.integer({ min: 1, max: 40 }), minutesLater: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 * 24 * 60 })), visit }),
      { maxLength: 120 },
    );
    fc.assert(
      fc.property(
        meteredReader,
        reads,
        limits,
        meterRules,
        moment,
        timeZone,
        fc.boolean(),
        (reader, sequence, meterLimits, rules, start, zone, isKeptInCookie) => {
          let meter: Meter | null = null;
          let time = start.getTime();
          const grantedByMonth = new Map<string, Set<number>>();
          const mostGenerousByMonth = new Map<string, number>();
          for (const { id, minutesLater, visit: arrival } of sequence) {
            time += minutesLater * 60_000;
            const at = new Date(time);
            const sectionId = sectionOf(id);
            const decision = decideAccess({
              article: { id, access: 'metered', sectionId, requiredTier: null },
              reader,
              meter,
              settings: { meterLimits },
              meterRules: rules,
              visit: arrival,
              timeZone: zone,
              now: at,
            });
            decisions += 1;
            const setting = reader.kind === 'anonymous' ? meterLimits.anonymous : meterLimits.registered;
            const rule = expectedRule(rules, reader, arrival, sectionId);
            assert.equal(decision.rule?.id ?? null, rule?.id ?? null, 'the decision names the first rule that holds');
            const applied = decision.meterLimit ?? Number.NaN;
            if (rule === null) assert.equal(applied, setting, 'without a rule, the setting is the limit');
            assert.ok(applied >= 0 && applied <= maximumMeterLimit, `a limit of ${applied} is one a meter can count`);
            const month = meterPeriodOf(at, zone);
            const granted = grantedByMonth.get(month) ?? new Set<number>();
            const mostGenerous = Math.max(mostGenerousByMonth.get(month) ?? 0, applied);
            if (decision.access === 'full') granted.add(id);
            grantedByMonth.set(month, granted);
            mostGenerousByMonth.set(month, mostGenerous);
            const counted = decision.meter?.articleIds.length ?? 0;
            if (decision.access === 'full' && decision.countsRead) {
              assert.ok(counted <= applied, `a read counted as the ${counted}th under a limit of ${applied}`);
              const { notice } = decision;
              assert.ok(notice !== null, 'a counted read says how many are left');
              assert.equal(notice.kind === 'meter-last' ? 0 : notice.remaining, applied - counted, 'the notice counts with the applied limit');
            }
            assert.ok(granted.size <= mostGenerous, `${granted.size} articles granted in ${month}, where no read was allowed more than ${mostGenerous}`);
            if (rules.length === 0) assert.ok(granted.size <= setting, `${granted.size} articles granted in ${month} with a limit of ${setting}`);
            meter = decision.meter;
            if (isKeptInCookie && meter !== null) {
              const decoded = decodeMeterCookie(encodeMeterCookie({ meter, visitor: newVisitor() }, key), key);
              assert.deepEqual(decoded?.meter, meter, 'the cookie gives back the meter it was given');
              meter = decoded?.meter ?? null;
            }
          }
        },
      ),
      options(pureRuns),
    );
  });

  it('never charges for reading an article again, whatever the meter held', () => {
    fc.assert(
      fc.property(
        anyReader,
        level,
        storedMeter,
        fc.integer({ min: 1, max: 60 }),
        limits,
        moment,
        timeZone,
        meterRules,
        visit,
        (reader, access, meter, id, meterLimits, at, zone, rules, arrival) => {
          const question = {
            article: { id, access, sectionId: sectionOf(id), requiredTier: null },
            reader,
            settings: { meterLimits },
            meterRules: rules,
            visit: arrival,
            timeZone: zone,
            now: at,
          };
          const first = decideAccess({ ...question, meter });
          const again = decideAccess({ ...question, meter: first.meter });
          decisions += 2;
          if (first.access === 'preview') {
            assert.equal(again.access, 'preview');
            return;
          }
          assert.ok(again.access === 'full' && !again.countsRead, 'the second read is full and not counted');
          assert.deepEqual(again.meter, first.meter, 'the second read leaves the meter as the first left it');
        },
      ),
      options(pureRuns),
    );
  });

  it('always lets subscribers, staff and verified crawlers read in full what requires no tier, without touching the meter', () => {
    fc.assert(
      fc.property(
        entitledReader,
        level,
        storedMeter,
        fc.integer({ min: 1, max: 60 }),
        limits,
        moment,
        timeZone,
        meterRules,
        visit,
        (reader, access, meter, id, meterLimits, at, zone, rules, arrival) => {
          const decision = decideAccess({
            article: { id, access, sectionId: sectionOf(id), requiredTier: null },
            reader,
            meter,
            settings: { meterLimits },
            meterRules: rules,
            visit: arrival,
            timeZone: zone,
            now: at,
          });
          decisions += 1;
          assert.ok(decision.access === 'full' && !decision.countsRead && decision.meter === meter);
          assert.equal(decision.rule, null, 'no meter rule applies to a reader the meter does not count');
        },
      ),
      options(pureRuns),
    );
    recordFigure('Fuzzing', 'access decisions checked', decisions);
  });

  describe('the meter cookie', () => {
    const meterToSign = fc.record(
      {
        meter: fc.record(
          {
            period,
            articleIds: fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: maximumMeterLimit }).map((ids) => ids.sort((a, b) => a - b)),
          },
          { noNullPrototype: true },
        ),
        visitor: fc.record(
          {
            id: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
            assignments: fc
              .uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 20 })
              .chain((ids) =>
                fc.tuple(
                  ...ids
                    .sort((a, b) => a - b)
                    .map((experimentId) =>
                      fc.record({ experimentId: fc.constant(experimentId), variant: fc.stringMatching(/^[a-z0-9]{1,12}$/) }, { noNullPrototype: true }),
                    ),
                ),
              ),
          },
          { noNullPrototype: true },
        ),
      },
      { noNullPrototype: true },
    );
    /** The text a decoded cookie was written as: m3 with its visitor (outside the signature), or the earlier m1 without one. */
    const signedTextOf = (decoded: MeterCookie, signingKey: MeterCookieKey): string => {
      if (decoded.visitor !== null) return encodeMeterCookie({ meter: decoded.meter, visitor: decoded.visitor }, signingKey);
      const payload = `m1.${decoded.meter.period}.${decoded.meter.articleIds.map((id) => id.toString(36)).join('-')}`;
      return `${payload}.${createHmac('sha256', signingKey.secret).update(payload).digest('base64url')}`;
    };
    /** A genuine cookie with one thing changed: a character replaced, dropped or added, the ends cut, or the cookie doubled. */
    const alteredCookie = fc
      .tuple(
        meterToSign,
        fc.nat(),
        fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 2 }),
        fc.constantFrom('replace', 'drop', 'insert', 'truncate', 'prefix', 'double'),
      )
      // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every kind of damage fc.constantFrom can give
      .map(([meter, position, text, how]) => {
        const cookie = encodeMeterCookie(meter, key);
        const at = position % (cookie.length + 1);
        switch (how) {
          case 'replace':
            return cookie.slice(0, at) + text + cookie.slice(at + text.length);
          case 'drop':
            return cookie.slice(0, at) + cookie.slice(at + 1);
          case 'insert':
            return cookie.slice(0, at) + text + cookie.slice(at);
          case 'truncate':
            return cookie.slice(0, at);
          case 'prefix':
            return text + cookie;
          case 'double':
            return `${cookie}.${cookie}`;
        }
      });
    const anyCookieText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.string({ unit: fc.constantFrom('m', '1', '.', '-', '2', '0', 'a', 'z', '_', 'A'), maxLength: 120 }),
      meterToSign.map(({ meter }) => signedTextOf({ meter, visitor: null }, key)),
      alteredCookie,
    );

    it('decodes any text at all to no meter, or to exactly the meter that was signed', () => {
      let cookies = 0;
      fc.assert(
        fc.property(anyCookieText, (text) => {
          cookies += 1;
          const decoded = decodeMeterCookie(text, key);
          assert.ok(decoded === null || signedTextOf(decoded, key) === text, `${JSON.stringify(text)} decoded to ${JSON.stringify(decoded)}`);
        }),
        options(pureRuns * 2),
      );
      recordFigure('Fuzzing', 'meter cookie values decoded', cookies);
    });

    it('gives back every meter it signs, and no meter signed with another key', () => {
      const otherKey = deriveMeterCookieKey('another-server-secret-of-more-than-thirty-two-chars');
      fc.assert(
        fc.property(meterToSign, (meter) => {
          assert.deepEqual(decodeMeterCookie(encodeMeterCookie(meter, key), key), meter);
          assert.equal(decodeMeterCookie(encodeMeterCookie(meter, otherKey), key), null);
          assert.deepEqual(decodeMeterCookie(signedTextOf({ meter: meter.meter, visitor: null }, key), key), { meter: meter.meter, visitor: null });
        }),
        options(pureRuns),
      );
    });
  });
});
