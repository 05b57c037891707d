import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { issueSetupToken } from '../src/admin/first-admin.ts';
import { sessionCookieName } from '../src/accounts/sessions.ts';
import { meterCookieName } from '../src/access/meter-cookie.ts';
import { choosePaymentProvider } from '../src/commerce/payment-provider-choice.ts';
import { loadConfig } from '../src/config/config.ts';
import { buildApp } from '../src/server.ts';
import { buildTestApp, offlineResolver } from '../test/app.ts';
import { recordFigure } from './figures.ts';
import {
  actorFor,
  fingerprintState,
  openWorld,
  formTokenOf,
  keepCookies,
  newBrowser,
  loginLinkToken,
  now,
  openPage,
  readerPassword,
  readerWithPassword,
  send,
  siteOrigin,
  unique,
  type Actor,
  type App,
  type WebRequest,
  type WebRole,
} from './role-fixtures.ts';
import { allowedRequest, casesFor } from './route-requests.ts';
import { policyOf, routeKey } from './route-policy.ts';
import { formSecretCookieName } from '../src/http/form-secret.ts';
import { issuedTokens, type TokenKind } from '../src/web/request-log.ts';
import { deriveNewsletterLinkKey } from '../src/newsletters/newsletter-link.ts';
import { derivePreferencesLinkKey, signUnsubscribeToken } from '../src/newsletters/preferences-link.ts';
import { deliverNewsletter } from '../test/newsletter-link-fixtures.ts';
import { newsletterOf } from './newsletter-readers.ts';
import { giftPurchaseForm, putGiftsOnSale } from './gift-subscription-checkouts.ts';

/**
 * Web security, part two: no redirect leaves the site, cookies carry the flags that keep them to
 * it, nothing secret is written to the logs, and the account forms do not tell a stranger who has
 * an account.
 */
const world = await openWorld();
const { dialect } = world.database;

function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return Array.isArray(header) ? header : header === undefined ? [] : [header];
}

/** The newest mail to this address in the outbox, with its quoted-printable soft breaks undone. */
function lastMailTo(address: string): string {
  const outbox = path.join(world.database.dataDir, 'outbox');
  const files = existsSync(outbox)
    ? readdirSync(outbox)
        .filter((file) => file.endsWith('.eml'))
        .sort()
    : [];
  const mail = files
    .map((file) => readFileSync(path.join(outbox, file), 'utf8'))
    .filter((message) => message.includes(`To: ${address}`))
    .at(-1);
  assert.ok(mail, `no mail to ${address}`);
  return mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

function linkTokenIn(mail: string, linkPath: string): string {
  const token = new RegExp(`${linkPath.replaceAll('/', '\\/')}\\?token=([A-Za-z0-9_-]+)`).exec(mail)?.[1];
  assert.ok(token, `no ${linkPath} link in the mail`);
  return token;
}

// ---------------------------------------------------------------------------------------------
// First, while the publication has no administrator: the log check goes through the first-run page.

describe(`no secrets in the logs (${dialect})`, () => {
  it('writes no password, no token of any kind the site issues, no CSRF token and not the signing secret into any log line', async () => {
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: world.database.dataDir, NODE_ENV: 'test', PUBLIC_URL: `${siteOrigin}/` }, process.cwd());
    // Everything the app would log, down to trace, into memory.
    const app = await buildApp({
      config,
      db: world.db,
      dialect,
      now: () => now,
      logger: { level: 'trace', stream: { write: (line) => void lines.push(line) } },
      resolver: offlineResolver,
      paymentProvider: choosePaymentProvider(config, world.db),
    });
    after(() => app.close());

    const secrets = new Map<string, string>();
    const remember = (what: string, value: string | undefined) => {
      if (value !== undefined && value !== '') secrets.set(value, what);
    };
    remember('the signing secret (SECRET)', config.secret);
    /** Each kind of token the site issues (src/web/request-log.ts) must be issued here for real and used in a request. */
    const kindsUsed = new Set<TokenKind>();
    const issued = (kind: TokenKind, value: string) => {
      remember(`a ${kind} token`, value);
      kindsUsed.add(kind);
      return value;
    };
    /** Sends as the browser would, and notes every token the answer hands it. */
    let requests = 0;
    const go = async (actor: Actor, request: WebRequest | string, options: { csrf?: 'own' | 'none' } = {}) => {
      requests += 1;
      const response = typeof request === 'string' ? await openPage(app, actor, request) : await send(app, actor, request, options);
      keepCookies(actor, response);
      const token = formTokenOf(response.body);
      if (token) actor.csrfToken = token;
      remember('a CSRF form token', token);
      for (const header of setCookies(response)) {
        const [pair = ''] = header.split(';');
        const [name = '', ...value] = pair.split('=');
        if (name === sessionCookieName) issued('session', value.join('='));
        if (name === formSecretCookieName) remember('a CSRF cookie', value.join('='));
      }
      return response;
    };
    const password = (what: string) => {
      const value = `${what} passphrase ${unique()} zq`;
      remember(`a password (${what})`, value);
      return value;
    };

    // The first administrator, by the printed link; then a colleague invited by mail.
    const setupToken = await issueSetupToken(world.db, now);
    assert.ok(setupToken, 'this check must run before any administrator exists');
    issued('first-run setup link', setupToken);
    const founder = newBrowser();
    await go(founder, `/admin/setup?token=${setupToken}`);
    const founded = await go(founder, {
      method: 'POST',
      url: '/admin/setup',
      form: { token: setupToken, name: 'Founder', email: 'founder@newsroom.example', password: password('founder') },
    });
    assert.equal(founded.statusCode, 303);
    await go(founder, '/admin/staff');
    await go(founder, { method: 'POST', url: '/admin/staff/invite', form: { email: 'invitee@newsroom.example', name: 'Invitee', role: 'editor' } });
    const invitationToken = issued('staff invitation link', linkTokenIn(lastMailTo('invitee@newsroom.example'), '/login/link/confirm'));
    const invitee = newBrowser();
    await go(invitee, `/login/link/confirm?token=${invitationToken}`);
    assert.equal((await go(invitee, { method: 'POST', url: '/login/link/confirm', form: { token: invitationToken } })).statusCode, 303);

    // A reader registers by the mailed link, logs out, mistypes, logs in, and changes the password.
    const email = `logged-reader-${unique()}@example.org`;
    const first = password('first');
    const reader = newBrowser();
    await go(reader, '/register');
    assert.equal((await go(reader, { method: 'POST', url: '/register', form: { name: 'Logged Reader', email, password: first } })).statusCode, 200);
    const registrationToken = linkTokenIn(lastMailTo(email), '/register/confirm');
    issued('registration link', registrationToken);
    await go(reader, `/register/confirm?token=${registrationToken}`);
    assert.equal((await go(reader, { method: 'POST', url: '/register/confirm', form: { token: registrationToken } })).statusCode, 303);
    await go(reader, '/account');
    await go(reader, { method: 'POST', url: '/logout', form: {} });
    await go(reader, '/login');
    assert.equal((await go(reader, { method: 'POST', url: '/login', form: { email, password: password('mistyped') } })).statusCode, 401);
    assert.equal((await go(reader, { method: 'POST', url: '/login', form: { email, password: first, next: '/account' } })).statusCode, 303);
    await go(reader, '/account');
    const second = password('second');
    assert.equal((await go(reader, { method: 'POST', url: '/account/password', form: { current: first, password: second } })).statusCode, 303);
    // Forgotten, and reset by the mailed link.
    const forgetful = newBrowser();
    await go(forgetful, '/login/forgot');
    await go(forgetful, { method: 'POST', url: '/login/forgot', form: { email } });
    const resetToken = linkTokenIn(lastMailTo(email), '/login/reset');
    issued('password-reset link', resetToken);
    await go(forgetful, `/login/reset?token=${resetToken}`);
    const third = password('reset');
    assert.equal((await go(forgetful, { method: 'POST', url: '/login/reset', form: { token: resetToken, password: third } })).statusCode, 303);

    // In by a magic link, then a subscription through the test checkout, then cancelled.
    const linked = newBrowser();
    await go(linked, '/login/link');
    await go(linked, { method: 'POST', url: '/login/link', form: { email } });
    const magicToken = linkTokenIn(lastMailTo(email), '/login/link/confirm');
    issued('magic link', magicToken);
    await go(linked, `/login/link/confirm?token=${magicToken}`);
    assert.equal((await go(linked, { method: 'POST', url: '/login/link/confirm', form: { token: magicToken } })).statusCode, 303);
    await go(linked, '/offers');
    const checkout = await go(linked, { method: 'POST', url: '/checkout', form: { offer: 'intro' } });
    const checkoutUrl = String(checkout.headers.location);
    const checkoutId = /^\/checkout\/test\/([A-Za-z0-9_-]+)$/.exec(checkoutUrl)?.[1];
    assert.ok(checkoutId, `the test checkout is at ${checkoutUrl}`);
    issued('test-mode checkout', checkoutId);
    await go(linked, checkoutUrl);
    assert.equal(
      (await go(linked, { method: 'POST', url: checkoutUrl, form: { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' } }))
        .statusCode,
      303,
    );
    // Where a real provider returns the reader, with the same id.
    await go(linked, `/checkout/done?checkout=${issued('checkout return', checkoutId)}`);
    await go(linked, '/account');

    // The same reader buys seats for their company in test mode, and comes back to the organisation's page.
    await go(linked, '/organisations/buy');
    const seats = await go(linked, {
      method: 'POST',
      url: '/organisations/buy',
      form: { organisationName: 'Log Check Ltd', plan: 'digital', seats: '2', step: 'pay' },
    });
    const seatCheckoutUrl = String(seats.headers.location);
    const seatCheckoutId = /^\/organisations\/buy\/pay\/([A-Za-z0-9_-]+)$/.exec(seatCheckoutUrl)?.[1];
    assert.ok(seatCheckoutId, `the test seat checkout is at ${seatCheckoutUrl}`);
    issued('test-mode seat checkout', seatCheckoutId);
    await go(linked, seatCheckoutUrl);
    assert.equal(
      (await go(linked, { method: 'POST', url: seatCheckoutUrl, form: { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' } }))
        .statusCode,
      303,
    );
    await go(linked, `/organisations/buy/done?checkout=${issued('seat checkout return', seatCheckoutId)}`);
    await go(linked, '/organisation');

    // A subscriber gives an article; the link is opened by a stranger.
    const given = await go(linked, { method: 'POST', url: '/account/gifts', form: { article: world.articleUrl.split('/').at(-1) ?? '' } });
    // The page shown after giving holds the link, to copy.
    const givenLink = new URL(given.body.match(/id="gift-link" value="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '/', siteOrigin);
    const giftUrl = `${givenLink.pathname}${givenLink.search}`;
    const giftToken = givenLink.searchParams.get('gift');
    assert.ok(giftToken, `no gift link after giving (${given.statusCode} ${giftUrl})`);
    issued('gift link', giftToken);
    await go(linked, giftUrl);
    await go(newBrowser(), giftUrl);
    // A gift subscription for the reader, bought through the page by a visitor in test mode: its checkout's page and
    // receipt carry the checkout's id; the receipt (and the mail) its redemption link, which a stranger opens and the reader redeems.
    await putGiftsOnSale(world);
    const giver = newBrowser();
    await go(giver, '/gift-subscriptions');
    const giftBuyer = `log-giver-${unique()}@example.org`;
    const giftCheckout = await go(giver, {
      method: 'POST',
      url: '/gift-subscriptions',
      form: { ...giftPurchaseForm(unique()), recipientName: 'Logged Reader', recipientEmail: email, buyerEmail: giftBuyer },
    });
    const giftPayUrl = String(giftCheckout.headers.location);
    const giftCheckoutId = /^\/gift-subscriptions\/test-checkout\/([A-Za-z0-9_-]+)$/.exec(giftPayUrl)?.[1];
    assert.ok(giftCheckoutId, `the gift's test checkout is at ${giftPayUrl}`);
    issued('gift test-mode checkout', giftCheckoutId);
    await go(giver, giftPayUrl);
    const giftPaid = await go(giver, {
      method: 'POST',
      url: giftPayUrl,
      form: { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' },
    });
    assert.equal(String(giftPaid.headers.location), `/gift-subscriptions/receipt?checkout=${issued('gift checkout receipt', giftCheckoutId)}`);
    const receipt = await go(giver, String(giftPaid.headers.location));
    const receiptLink = new URL(receipt.body.match(/id="gift-subscription-link" value="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '/', siteOrigin);
    const redemptionCode = issued('gift subscription redemption link', receiptLink.searchParams.get('code') ?? '');
    assert.ok(lastMailTo(giftBuyer).includes(encodeURIComponent(redemptionCode)), 'the mailed receipt carries the same link');
    const redemptionPath = `/gift-subscriptions/redeem?code=${encodeURIComponent(redemptionCode)}`;
    await go(newBrowser(), redemptionPath);
    await go(linked, redemptionPath);
    await go(linked, { method: 'POST', url: '/gift-subscriptions/redeem', form: { code: redemptionCode } });
    await go(linked, { method: 'POST', url: '/account/subscription/cancel', form: { decision: 'cancel' } });

    // A private feed, made and read: its address carries its token in the path.
    const madeFeed = await go(linked, { method: 'POST', url: '/account/feed', form: {} });
    const feedToken = /\/feeds\/private\/([A-Za-z0-9_-]+)\/feed\.xml/.exec(madeFeed.body)?.[1];
    assert.ok(feedToken, `no private feed address on the page (${madeFeed.statusCode})`);
    issued('private feed', feedToken);
    await go(newBrowser(), `/feeds/private/${feedToken}/feed.xml`);

    // An app signs in for a token of its own and reads with it.
    const phone = newBrowser();
    const apiSession = await go(phone, {
      method: 'POST',
      url: '/api/v1/sessions',
      json: JSON.stringify({ email, password: third, device: 'Log check phone' }),
      headers: {},
    });
    const apiToken: unknown = apiSession.json<{ token?: unknown }>().token;
    assert.ok(typeof apiToken === 'string', `no API token (${apiSession.statusCode} ${apiSession.body})`);
    issued('API token', apiToken);
    await go(phone, { method: 'GET', url: '/api/v1/articles', headers: { authorization: `Bearer ${apiToken}` } });
    await go(phone, { method: 'GET', url: `/api/v1/articles${world.articleUrl}`, headers: { authorization: `Bearer ${apiToken}` } });

    // The reader moves to a new address, confirmed by the link mailed there.
    const movedTo = `moved-reader-${unique()}@example.org`;
    assert.equal((await go(linked, { method: 'POST', url: '/account', form: { name: 'Logged Reader', email: movedTo, current: third } })).statusCode, 200);
    const emailChangeToken = issued('e-mail change link', linkTokenIn(lastMailTo(movedTo), '/account/email/confirm'));
    await go(linked, `/account/email/confirm?token=${emailChangeToken}`);
    assert.equal((await go(linked, { method: 'POST', url: '/account/email/confirm', form: { token: emailChangeToken } })).statusCode, 303);

    // A visitor signs up for a newsletter by the mailed link; a message's links then reach them, and one is forwarded.
    const newsletterId = await newsletterOf(world);
    const subscriberEmail = `newsletter-reader-${unique()}@example.org`;
    const visitor = newBrowser();
    await go(visitor, '/newsletters');
    const signedUp = await go(visitor, { method: 'POST', url: '/newsletters', form: { email: subscriberEmail, newsletter: String(newsletterId) } });
    assert.equal(signedUp.statusCode, 200);
    const signUpToken = issued('newsletter sign-up link', linkTokenIn(lastMailTo(subscriberEmail), '/newsletters/confirm'));
    await go(visitor, `/newsletters/confirm?token=${signUpToken}`);
    const confirmed = await go(visitor, { method: 'POST', url: '/newsletters/confirm', form: { token: signUpToken } });
    assert.equal(confirmed.statusCode, 303);
    const preferencesToken = new URL(String(confirmed.headers.location), siteOrigin).searchParams.get('token');
    assert.ok(preferencesToken, `no preferences link after confirming (${String(confirmed.headers.location)})`);
    issued('newsletter preferences link', preferencesToken);
    await go(newBrowser(), `/newsletters/preferences?token=${preferencesToken}`);
    const subscriber = await world.db.selectFrom('accounts').select('id').where('email', '=', subscriberEmail).executeTakeFirstOrThrow();
    const unsubscribeToken = issued(
      'newsletter unsubscribe link',
      signUnsubscribeToken({ accountId: subscriber.id, newsletterId }, derivePreferencesLinkKey(config.secret)),
    );
    await go(newBrowser(), `/newsletters/unsubscribe?token=${unsubscribeToken}`);
    const oneClick = { method: 'POST', url: `/newsletters/unsubscribe?token=${unsubscribeToken}`, form: { 'List-Unsubscribe': 'One-Click' } } as const;
    assert.equal((await go(newBrowser(), oneClick, { csrf: 'none' })).statusCode, 200);
    const harbourTalks = await world.db.selectFrom('articles').select('id').where('slug', '=', 'harbour-talks').executeTakeFirstOrThrow();
    const delivered = await deliverNewsletter(world.db, deriveNewsletterLinkKey(config.secret), {
      accountId: subscriber.id,
      articleIds: [harbourTalks.id],
      now,
    });
    const articleLinkToken = issued('newsletter article link', delivered.tokenFor(harbourTalks.id));
    await go(newBrowser(), `${world.articleUrl}?nl=${articleLinkToken}`);

    // And what goes wrong: a forged form, a page that is not there, a session that is not one.
    await go(linked, { method: 'POST', url: '/account', form: { name: 'Forged', email } }, { csrf: 'none' });
    await go(linked, '/no-such-section/no-such-story');
    const stale = newBrowser();
    stale.cookies.set(sessionCookieName, 'a-made-up-session-token-that-is-long');
    await go(stale, '/account');

    assert.ok(lines.length >= requests, `${requests} requests, but the logger wrote only ${lines.length} lines: is it writing into memory?`);
    assert.ok(secrets.size >= 20, `only ${secrets.size} secrets were noted`);
    assert.deepEqual(
      issuedTokens.map(({ kind }) => kind).filter((kind) => !kindsUsed.has(kind)),
      [],
      'every kind of token the site issues was issued and used here',
    );
    const leaks: string[] = [];
    for (const line of lines) {
      for (const [secret, what] of secrets) {
        if (line.includes(secret) || line.includes(encodeURIComponent(secret))) leaks.push(`${what} in: ${line.trim()}`);
      }
    }
    assert.deepEqual(leaks, []);
    recordFigure('Web security', 'log lines checked', lines.length);
  });
});

// ---------------------------------------------------------------------------------------------

// The same site on a plain-http PUBLIC_URL, as in local development.
const httpApp = await buildTestApp(world.database, { now: () => now, env: { PUBLIC_URL: 'http://news.example/' } });
after(() => httpApp.close());

describe(`cookie flags (${dialect})`, () => {
  let checked = 0;
  after(() => recordFigure('Web security', 'cookies checked', checked));

  /** The Set-Cookie headers of the session, CSRF and meter cookies, through everything that sets or clears them. */
  async function cookiesThrough(app: App): Promise<string[]> {
    const headers: string[] = [];
    const as = (actor: Actor) => async (request: WebRequest | string) => {
      const response = typeof request === 'string' ? await openPage(app, actor, request) : await send(app, actor, request);
      keepCookies(actor, response);
      headers.push(...setCookies(response));
      return response;
    };
    const reader = await readerWithPassword(world);
    const go = as(newBrowser());
    await go('/login');
    await go(world.articleUrl);
    await go('/login');
    await go({ method: 'POST', url: '/login', form: { email: reader.email, password: readerPassword } });
    await go('/account');
    await go({ method: 'POST', url: '/logout', form: {} });
    const newcomer = as(newBrowser());
    const newcomerEmail = `cookie-reader-${unique()}@example.org`;
    await newcomer('/register');
    await newcomer({ method: 'POST', url: '/register', form: { email: newcomerEmail, password: 'a long cookie passphrase' } });
    const registrationToken = linkTokenIn(lastMailTo(newcomerEmail), '/register/confirm');
    await newcomer(`/register/confirm?token=${registrationToken}`);
    await newcomer({ method: 'POST', url: '/register/confirm', form: { token: registrationToken } });
    const linked = as(newBrowser());
    const magicToken = await loginLinkToken(world, reader, 'magic-link');
    await linked(`/login/link/confirm?token=${magicToken}`);
    await linked({ method: 'POST', url: '/login/link/confirm', form: { token: magicToken } });
    const resetting = as(newBrowser());
    const resetToken = await loginLinkToken(world, reader, 'password-reset');
    await resetting(`/login/reset?token=${resetToken}`);
    await resetting({ method: 'POST', url: '/login/reset', form: { token: resetToken, password: 'a long reset passphrase' } });
    return headers.filter((header) => [sessionCookieName, formSecretCookieName, meterCookieName].some((name) => header.startsWith(`${name}=`)));
  }

  function problemsOf(header: string, { isHttps }: { isHttps: boolean }): string[] {
    const [, ...attributes] = header.split(';').map((part) => part.trim());
    const flags = new Map(
      attributes.map((attribute) => {
        const [name = '', ...value] = attribute.split('=');
        return [name.toLowerCase(), value.join('=')] as const;
      }),
    );
    const problems = [];
    if (!flags.has('httponly')) problems.push('no HttpOnly');
    if (flags.get('samesite')?.toLowerCase() !== 'lax') problems.push(`SameSite=${flags.get('samesite') ?? '(none)'}`);
    if (flags.get('path') !== '/') problems.push(`Path=${flags.get('path') ?? '(none)'}`);
    if (flags.has('domain')) problems.push(`Domain=${flags.get('domain')}`);
    if (isHttps && !flags.has('secure')) problems.push('no Secure on an https site');
    if (!isHttps && flags.has('secure')) problems.push('Secure on a plain-http site, where browsers would drop it');
    return problems.map((problem) => `${header.split('=')[0]}: ${problem} (${header})`);
  }

  for (const [scheme, isHttps] of [
    ['https', true],
    ['http', false],
  ] as const) {
    it(`sets the session, CSRF and meter cookies HttpOnly, SameSite=Lax, Path=/, host-only, ${isHttps ? 'and Secure' : 'and not Secure'} when PUBLIC_URL is ${scheme}`, async () => {
      const headers = await cookiesThrough(isHttps ? world.testModeApp : httpApp);
      const setWithValue = (name: string) => headers.some((header) => header.startsWith(`${name}=`) && !header.startsWith(`${name}=;`));
      assert.deepEqual(
        [sessionCookieName, formSecretCookieName, meterCookieName].filter((name) => !setWithValue(name)),
        [],
        'every one of the three cookies was set',
      );
      assert.deepEqual(
        headers.flatMap((header) => problemsOf(header, { isHttps })),
        [],
      );
      checked += headers.length;
    });
  }
});

// ---------------------------------------------------------------------------------------------

/** Where a browser would go: the Location resolved against the page that answered, as browsers do (backslashes and tabs included). */
function staysOnSite(location: string): boolean {
  try {
    return new URL(location, `${siteOrigin}/login`).origin === siteOrigin;
  } catch {
    return false;
  }
}

function unescapeHtml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39|#34|#x27|#x2F);/g,
    (_entity, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#34': '"', '#x27': "'", '#x2F': '/' })[name] ?? '',
  );
}

/**
 * Paths that leave the site only once a browser resolves them: dot segments (plain, percent-encoded,
 * mixed) in front of a second slash, a backslash, a tab or a newline, with a host, user-info or more
 * slashes behind. A `next` is checked after resolution, so every one must fall back to a path.
 */
function resolvingTargets(): string[] {
  const dots = ['.', '..', '%2e', '%2E%2E', '.%2e', '%2e.', './..', '%2e/%2e%2e'];
  const leads = ['', '/a', '/a/b'];
  const breaks = ['//', '/\\', '\\/', '/\t/', '/\n/', '///', '/%09/', '\\\\'];
  const hosts = ['evil.example/phish', 'news.example@evil.example/x', 'evil.example%2F@news.example', 'evil.example'];
  // Each dot spelling with each break; the lead and the host turn with them, to keep the run short.
  return dots.flatMap((dot, i) => breaks.map((slashes, j) => `${leads[(i + j) % leads.length]}/${dot}${slashes}${hosts[(i + j) % hosts.length]}`));
}

const evil = ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)'];
/** The four above, percent-encoded once and twice, and the spellings browsers also take off-site. */
const hostileTargets = [
  ...evil,
  ...evil.map(encodeURIComponent),
  ...evil.map((target) => encodeURIComponent(encodeURIComponent(target))),
  '/%2Fevil.example',
  '/%5Cevil.example',
  '%2F/evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '///evil.example',
  '/\t/evil.example',
  ' //evil.example',
  'HTTPS://evil.example',
  'https:evil.example',
  '//evil.example%2F@news.example',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '/.//evil.example/phish',
  '/..//evil.example/x',
  ...resolvingTargets(),
];
/** The four classic targets and their percent-encoded forms, for the sweeps over every route. */
const classicTargets = evil.flatMap((target) => [target, encodeURIComponent(target)]);
/** Names sites use for "where to go afterwards"; the site reads `next`, and none of the others may start working unnoticed. */
const returnParameters = ['next', 'return', 'returnTo', 'return_to', 'returnUrl', 'redirect', 'redirect_uri', 'continue', 'url', 'destination'];

/** Logs a reader in from this browser with this `next`: the answer that redirects. */
async function logInWith(browser: Actor, next: string): Promise<LightMyRequestResponse> {
  const form = { email: (await readerWithPassword(world)).email, password: readerPassword, next };
  return send(world.testModeApp, browser, { method: 'POST', url: '/login', form });
}

/** Registers a new address from this browser with this `next`, then uses the mailed link: the answer that redirects. */
async function registerWith(browser: Actor, next: string): Promise<LightMyRequestResponse> {
  const email = `redirected-${unique()}@example.org`;
  const asked = await send(world.testModeApp, browser, { method: 'POST', url: '/register', form: { email, password: 'a long redirect passphrase', next } });
  if (asked.statusCode !== 200) return asked;
  const token = linkTokenIn(lastMailTo(email), '/register/confirm');
  await openPage(world.testModeApp, browser, `/register/confirm?token=${token}`);
  return send(world.testModeApp, browser, { method: 'POST', url: '/register/confirm', form: { token } });
}

describe(`open redirects (${dialect})`, () => {
  let tried = 0;
  after(() => recordFigure('Web security', 'redirect targets tried', tried));

  it('tries the four classic targets and their percent-encoded forms', () => {
    assert.ok(evil.every((target) => hostileTargets.includes(target) && hostileTargets.includes(encodeURIComponent(target))));
  });

  // The routes that take `next` (safeNextPath in src/http/account-paths.ts): log-in and registration.
  for (const { page, action } of [
    { page: '/login', action: 'log-in' },
    { page: '/register', action: 'registration' },
  ]) {
    it(`keeps ${page}?next= on the site: in the form the page shows, its cross-link, and the redirect after ${action}`, async () => {
      const problems: string[] = [];
      for (const target of hostileTargets) {
        const browser = newBrowser();
        const shown = await openPage(world.testModeApp, browser, `${page}?next=${encodeURIComponent(target)}`);
        const shownNext = unescapeHtml(/name="next" value="([^"]*)"/.exec(shown.body)?.[1] ?? '(no next field)');
        const crossLink = unescapeHtml(/href="(\/(?:login|register)\?next=[^"]*)"/.exec(shown.body)?.[1] ?? '/');
        const crossNext = new URL(crossLink, siteOrigin).searchParams.get('next') ?? '/';
        if (!shownNext.startsWith('/') || !staysOnSite(shownNext))
          problems.push(`${page}?next=${JSON.stringify(target)} shows next=${JSON.stringify(shownNext)}`);
        if (!staysOnSite(crossNext)) problems.push(`${page}?next=${JSON.stringify(target)} links on with next=${JSON.stringify(crossNext)}`);
        // Posted as it came (a forged form), and as the page passed it on, when that is something else than home.
        for (const next of new Set([target, shownNext === '/' ? target : shownNext])) {
          const done = page === '/login' ? await logInWith(browser, next) : await registerWith(browser, next);
          tried += 1;
          const location = String(done.headers.location);
          if (done.statusCode !== 303) problems.push(`${action} with next=${JSON.stringify(next)} answered ${done.statusCode}`);
          else if (!staysOnSite(location)) problems.push(`${action} with next=${JSON.stringify(next)} sends the reader to ${location}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('keeps the log-in redirects that the newsroom and the account page make on the site, with a `next` on the site', async () => {
    const problems: string[] = [];
    let redirects = 0;
    for (const target of hostileTargets) {
      for (const page of [
        `/admin/articles?next=${encodeURIComponent(target)}`,
        `/account?next=${encodeURIComponent(target)}`,
        `/admin/articles/${encodeURIComponent(target)}`,
      ]) {
        const response = await send(world.testModeApp, newBrowser(), { method: 'GET', url: page });
        tried += 1;
        const location = response.headers.location;
        if (typeof location !== 'string') continue;
        redirects += 1;
        // Where log-in then goes is the log-in check's business; here, the `next` handed to it is a path of the site.
        const next = new URL(location, siteOrigin).searchParams.get('next') ?? '/';
        if (!staysOnSite(location) || !next.startsWith('/') || !staysOnSite(next)) problems.push(`${page} sends to ${location}`);
      }
    }
    assert.equal(redirects, hostileTargets.length * 3, 'each of these pages sends a stranger to log in');
    assert.deepEqual(problems, []);
  });

  it('never redirects off the site from any page, whatever return-style parameter it is given, for any visitor', async () => {
    const problems: string[] = [];
    const roles: readonly WebRole[] = ['anonymous', 'reader', 'admin'];
    for (const route of world.routes.filter((candidate) => candidate.method === 'GET')) {
      const cases = casesFor(world, route);
      assert.ok(cases, `${routeKey(route)} has no cases`);
      for (const role of roles) {
        const actor = await actorFor(world, role);
        const [first] = cases;
        assert.ok(first);
        const { request } = await first.prepare(actor);
        for (const target of classicTargets) {
          const url = new URL(request.url, siteOrigin);
          for (const name of returnParameters) url.searchParams.set(name, target);
          const response = await send(route.app, actor, { method: 'GET', url: `${url.pathname}${url.search}` });
          tried += 1;
          const location = response.headers.location;
          if (typeof location === 'string' && !staysOnSite(location))
            problems.push(`${role}, ${url.pathname}?…=${JSON.stringify(target)} sends to ${location}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('never redirects off the site after any form, whatever return-style field it carries', async () => {
    const problems: string[] = [];
    for (const route of world.routes.filter((candidate) => candidate.method === 'POST')) {
      const policy = policyOf(route);
      const cases = casesFor(world, route);
      assert.ok(policy && cases, `${routeKey(route)} is not in the policy or has no cases`);
      // Stripe's webhook takes no form and the first-run page needs the printed token: neither is a form a stranger can aim.
      if (policy.kind === 'webhook' || policy.kind === 'setup') continue;
      for (const target of classicTargets) {
        const { actor, request } = await allowedRequest(world, policy, cases);
        const withTarget: WebRequest =
          'form' in request ? { ...request, form: { ...request.form, ...Object.fromEntries(returnParameters.map((name) => [name, target])) } } : request;
        const response = await send(route.app, actor, withTarget);
        tried += 1;
        const location = response.headers.location;
        if (typeof location === 'string' && !staysOnSite(location)) problems.push(`${routeKey(route)} with ${JSON.stringify(target)} sends to ${location}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------------------------------------

describe(`CSRF: form tokens bound to the session (${dialect})`, () => {
  let planted = 0;
  after(() => recordFigure('Web security', 'planted form secrets refused', planted));

  /** A browser holding the victim's cookies, but the form secret and token of someone else's browser (cookie tossing). */
  function withPlantedSecret(victim: Actor, planter: Actor): Actor {
    const secret = planter.cookies.get(formSecretCookieName);
    assert.ok(secret && planter.csrfToken, 'the planter was shown a form');
    return { ...victim, cookies: new Map([...victim.cookies, [formSecretCookieName, secret]]), csrfToken: planter.csrfToken };
  }

  it("refuses, on every form a signed-in browser can send, a stranger's form secret and token planted beside its session, and changes nothing", async () => {
    const problems: string[] = [];
    for (const route of world.routes.filter((candidate) => candidate.method === 'POST')) {
      const policy = policyOf(route);
      const cases = casesFor(world, route);
      assert.ok(policy && cases, `${routeKey(route)} is not in the policy or has no cases`);
      // The API takes no forms, Stripe's webhook neither; the first-run page is used before anyone can sign in;
      // one-click unsubscribing takes no form token at all (RFC 8058), only the signed token in its address.
      if (policy.kind === 'webhook' || policy.kind === 'setup' || policy.kind === 'api' || policy.kind === 'one-click') continue;
      // The least-privileged signed-in browser the route lets through: an anonymous form has no session to bind to.
      const { actor, request } = await allowedRequest(world, policy, cases);
      const victim = actor.role === 'anonymous' ? await actorFor(world, 'reader') : actor;
      const anonymousPlanter = newBrowser();
      await openPage(world.testModeApp, anonymousPlanter, '/login');
      const signedInPlanter = await actorFor(world, 'reader');
      await openPage(world.testModeApp, signedInPlanter, '/account');
      for (const [who, planter] of [
        ['an anonymous browser', anonymousPlanter],
        ['another session', signedInPlanter],
      ] as const) {
        const before = await fingerprintState(world.database);
        const response = await send(route.app, withPlantedSecret(victim, planter), request);
        planted += 1;
        if (response.statusCode !== 403) problems.push(`${routeKey(route)} (${victim.role}) took the secret and token of ${who}: ${response.statusCode}`);
        else if ((await fingerprintState(world.database)) !== before) problems.push(`${routeKey(route)} refused the token of ${who}, but changed something`);
      }
      // The browser's own secret and token still go through: the 403s above were the planted pair's doing.
      if (actor === victim) {
        const own = await send(route.app, victim, request);
        if (own.statusCode === 403 || own.statusCode >= 500) problems.push(`${routeKey(route)} (${victim.role}) with its own token answered ${own.statusCode}`);
      }
    }
    assert.ok(planted > 0);
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------------------------------------

/** What a page tells the visitor: its status, where it sends them, whether it signs them in, and its alert, with the address itself taken out. */
function whatItReveals(response: LightMyRequestResponse, address: string) {
  const alert =
    /role="alert"[^>]*>([\s\S]*?)<\/div>/
      .exec(response.body)?.[1]
      ?.replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim() ?? null;
  const main = /<main[\s\S]*<\/main>/.exec(response.body)?.[0] ?? response.body;
  return {
    status: response.statusCode,
    location: typeof response.headers.location === 'string' ? response.headers.location : null,
    signsIn: setCookies(response).some((header) => header.startsWith(`${sessionCookieName}=`) && !header.startsWith(`${sessionCookieName}=;`)),
    alert: alert?.replaceAll(address, '(address)') ?? null,
    page: main
      .replaceAll(address, '(address)')
      .replace(/name="_csrf" value="[^"]*"/g, '')
      .replace(/\s+/g, ' '),
  };
}

describe(`whether an address has an account (${dialect})`, () => {
  async function askBoth(page: string, form: (address: string) => Record<string, string>) {
    const existing = (await readerWithPassword(world)).email;
    const unknown = `nobody-${unique()}@example.org`;
    const answers = [];
    for (const address of [existing, unknown]) {
      const browser = newBrowser();
      await openPage(world.testModeApp, browser, page);
      answers.push(await whatItReveals(await send(world.testModeApp, browser, { method: 'POST', url: page, form: form(address) }), address));
    }
    return answers;
  }

  it('answers a forgotten-password request the same for an address with an account and one without', async () => {
    const [existing, unknown] = await askBoth('/login/forgot', (email) => ({ email }));
    assert.deepEqual(existing, unknown);
  });

  it('answers a log-in link request the same for an address with an account and one without', async () => {
    const [existing, unknown] = await askBoth('/login/link', (email) => ({ email }));
    assert.deepEqual(existing, unknown);
  });

  it('answers a wrong password the same for an address with an account and one without', async () => {
    const [existing, unknown] = await askBoth('/login', (email) => ({ email, password: 'not the passphrase at all' }));
    assert.deepEqual(existing, unknown);
  });

  it('answers a registration the same for an address that already has an account and a new one', async () => {
    const [existing, unknown] = await askBoth('/register', (email) => ({ name: 'Someone', email, password: 'a long probing passphrase' }));
    assert.deepEqual(existing, unknown);
    assert.equal(unknown?.status, 200, 'both were asked to check their mail, not refused');
  });
});
