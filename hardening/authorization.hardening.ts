import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { hasAdmin, issueSetupToken } from '../src/admin/first-admin.ts';
import { findLatestSubscription } from '../src/commerce/subscription-repository.ts';
import { recordFigure } from './figures.ts';
import {
  actorFor,
  fingerprintState,
  newBrowser,
  now,
  openPage,
  openWorld,
  readerWithPassword,
  send,
  siteOrigin,
  stripeEnv,
  webRoles,
  type ServedRoute,
  type WebRequest,
  type WebRole,
} from './role-fixtures.ts';
import { allowedRequest, casesFor, type RouteCase } from './route-requests.ts';
import { newsletterReaderLinks } from './newsletter-readers.ts';
import { classifiedRouteKeys, describePolicy, expectedOutcome, policyOf, routeKey, type RoutePolicy, type Subject } from './route-policy.ts';

/**
 * Web security, part one: who may do what is decided on the server, for every route the app serves
 * (its own route list, so none is missed) and every kind of visitor, and no form is taken without
 * the CSRF token the site gave that browser.
 */
const world = await openWorld();
const { dialect } = world.database;

const signInPaths = new Set(['/login', '/register']);

/** 401, 403, or a redirect to log in or register; someone else's checkout or gift link may also be hidden as a 404. */
function isRefusal(response: LightMyRequestResponse, subject: Subject): boolean {
  const { statusCode: status } = response;
  if (status === 401 || status === 403) return true;
  if ((subject.kind === 'checkout' || subject.kind === 'gift-link' || subject.kind === 'gift-checkout') && status === 404) return true;
  const location = response.headers.location;
  return status >= 300 && status < 400 && typeof location === 'string' && signInPaths.has(new URL(location, siteOrigin).pathname);
}

/** Whose thing the request was about, as it turned out for this actor (an anonymous visitor owns nothing). */
function describeSubject(subject: Subject): string | null {
  switch (subject.kind) {
    case 'none':
      return null;
    case 'new-article':
      return 'a new article';
    case 'article':
      return `${subject.isOwn ? 'own' : "another's"} ${subject.isPublished ? 'published' : 'draft'} article${subject.intent === 'publish' ? ', publishing' : ''}`;
    case 'checkout':
      return `${subject.isOwn ? 'own' : "another reader's"} checkout`;
    case 'gift-link':
      return `${subject.isOwn ? 'own' : "another reader's"} gift link`;
    case 'organisation':
      return `${subject.isOwn ? 'an organisation they manage' : "another's organisation"}`;
    case 'gift-checkout':
      return `${subject.isOwn ? 'a gift checkout begun in this browser' : "another browser's gift checkout"}`;
  }
}

const answerOf = (response: LightMyRequestResponse) =>
  `${response.statusCode}${typeof response.headers.location === 'string' ? ` → ${response.headers.location}` : ''}`;

/** One cell of the table: the problem with the answer this role got, or null when it is as the policy says. */
async function checkCell(route: ServedRoute, policy: RoutePolicy, role: WebRole, routeCase: RouteCase): Promise<string | null> {
  const actor = await actorFor(world, role);
  const { request, subject } = await routeCase.prepare(actor);
  const expected = expectedOutcome(policy, role, subject);
  const cell = `${role}, ${request.method} ${request.url} (${describeSubject(subject) ?? routeCase.label})`;
  const isChange = request.method !== 'GET';
  const before = isChange && expected !== 'allowed' ? await fingerprintState(world.database) : null;
  const response = await send(route.app, actor, request);
  const status = response.statusCode;
  if (expected === 'allowed' && (isRefusal(response, subject) || status === 404 || status >= 500))
    return `${cell}: should be let through, got ${answerOf(response)}`;
  if (expected === 'refused' && !isRefusal(response, subject)) return `${cell}: should be refused, got ${answerOf(response)}`;
  if (expected === 'bad-request' && status !== 400) return `${cell}: should be 400 for everyone, got ${answerOf(response)}`;
  if (before !== null && (await fingerprintState(world.database)) !== before) return `${cell}: refused with ${answerOf(response)}, but it changed something`;
  return null;
}

/** State-changing routes found refused without their token; the CSRF checks below add to it. */
let refusedWithoutToken = 0;

// First, while the publication has no administrator yet: later checks sign administrators in.
describe(`the first-run page (${dialect})`, () => {
  it('POST /admin/setup refuses its form without the CSRF token, even with the printed link, and makes no administrator', async () => {
    const route = world.routes.find((candidate) => routeKey(candidate) === 'POST /admin/setup');
    assert.ok(route);
    assert.equal(await hasAdmin(world.db), false, 'this check must run before any administrator exists');
    const setupToken = await issueSetupToken(world.db, now);
    assert.ok(setupToken);
    const founder = newBrowser();
    await openPage(route.app, founder, `/admin/setup?token=${setupToken}`);
    const request: WebRequest = {
      method: 'POST',
      url: '/admin/setup',
      form: { token: setupToken, name: 'Founder', email: 'founder@newsroom.example', password: 'a long founder passphrase' },
    };
    const before = await fingerprintState(world.database);
    assert.equal((await send(route.app, founder, request, { csrf: 'none' })).statusCode, 403);
    assert.equal((await send(route.app, founder, request, { csrf: 'foreign' })).statusCode, 403);
    assert.equal(await fingerprintState(world.database), before);
    assert.equal(await hasAdmin(world.db), false);
    // With its token the same form makes the first administrator: the 403s above were the token's doing.
    assert.equal((await send(route.app, founder, request, { csrf: 'own' })).statusCode, 303);
    assert.equal(await hasAdmin(world.db), true);
    refusedWithoutToken += 1;
  });
});

describe(`authorization on the server, every route × every role (${dialect})`, () => {
  let cells = 0;
  after(() => recordFigure('Web security', 'routes × roles checked', cells));

  it('places every route the app serves in the policy, and knows how to ask each', () => {
    const served = new Set(world.routes.map(routeKey));
    assert.deepEqual(
      {
        unclassified: [...served].filter((key) => !classifiedRouteKeys.includes(key)),
        notAsked: world.routes.filter((route) => casesFor(world, route) === undefined).map(routeKey),
        classifiedButGone: classifiedRouteKeys.filter((key) => !served.has(key)),
      },
      { unclassified: [], notAsked: [], classifiedButGone: [] },
    );
  });

  for (const route of world.routes) {
    const policy = policyOf(route);
    it(`${routeKey(route)}: ${policy ? describePolicy(policy) : 'not in the policy'}`, async () => {
      assert.ok(policy, `${routeKey(route)} is not in hardening/route-policy.ts: say who may use it`);
      const cases = casesFor(world, route);
      assert.ok(cases, `${routeKey(route)} has no cases in hardening/route-requests.ts: say how it is asked`);
      const problems: string[] = [];
      for (const role of webRoles) {
        for (const routeCase of cases) {
          const problem = await checkCell(route, policy, role, routeCase);
          cells += 1;
          if (problem !== null) problems.push(problem);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});

describe(`CSRF on every state-changing route (${dialect})`, () => {
  after(() => recordFigure('Web security', 'state-changing routes refused without a token', refusedWithoutToken));

  // GET, HEAD and OPTIONS (CORS preflights) are safe methods: they change nothing, so carry no token.
  for (const route of world.routes.filter((candidate) => !['GET', 'HEAD', 'OPTIONS'].includes(candidate.method))) {
    const policy = policyOf(route);
    // The API takes no forms: a bearer token, which no other site can make a browser send, stands in for the CSRF token.
    // One-click unsubscribing takes none by RFC 8058: the signed token in its address is its guard (checked below).
    if (policy?.kind === 'webhook' || policy?.kind === 'setup' || policy?.kind === 'api' || policy?.kind === 'one-click') continue;
    it(`${routeKey(route)} refuses a form without its token, or with another session's, and changes nothing`, async () => {
      assert.ok(policy, `${routeKey(route)} is not in hardening/route-policy.ts`);
      const cases = casesFor(world, route);
      assert.ok(cases);
      const { actor, request, subject, label } = await allowedRequest(world, policy, cases);
      const before = await fingerprintState(world.database);
      const withoutToken = await send(route.app, actor, request, { csrf: 'none' });
      const withAnotherSessionsToken = await send(route.app, actor, request, { csrf: 'foreign' });
      assert.deepEqual(
        [withoutToken.statusCode, withAnotherSessionsToken.statusCode],
        [403, 403],
        `${label}: ${answerOf(withoutToken)}, ${answerOf(withAnotherSessionsToken)}`,
      );
      assert.equal(await fingerprintState(world.database), before, `${label}: a refused form changed something`);
      // The same request with its own token goes through: the 403s above were the token's doing.
      const withOwnToken = await send(route.app, actor, request, { csrf: 'own' });
      assert.ok(!isRefusal(withOwnToken, subject) && withOwnToken.statusCode < 500, `${label}: with its token, got ${answerOf(withOwnToken)}`);
      refusedWithoutToken += 1;
    });
  }

  it('POST /newsletters/unsubscribe (RFC 8058 one-click) unsubscribes with no cookie and no form token, and refuses a forged or altered token with 400, changing nothing', async () => {
    const route = world.routes.find((candidate) => routeKey(candidate) === 'POST /newsletters/unsubscribe');
    assert.ok(route);
    const links = await newsletterReaderLinks(world, `one-click-${dialect}@example.org`);
    const oneClick = (url: string) => send(route.app, newBrowser(), { method: 'POST', url, form: { 'List-Unsubscribe': 'One-Click' } }, { csrf: 'none' });
    const token = new URL(links.unsubscribe, siteOrigin).searchParams.get('token') ?? '';
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const before = await fingerprintState(world.database);
    for (const url of [
      '/newsletters/unsubscribe',
      `/newsletters/unsubscribe?token=${altered}`,
      '/newsletters/unsubscribe?token=u1.1.1.AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const refused = await oneClick(url);
      assert.equal(refused.statusCode, 400, url);
    }
    assert.equal(await fingerprintState(world.database), before, 'a refused one-click changed something');
    const taken = await oneClick(links.unsubscribe);
    assert.equal(taken.statusCode, 200);
    assert.equal(taken.headers['set-cookie'], undefined, 'one-click sets no cookie');
    const subscription = await world.db
      .selectFrom('newsletter_subscriptions')
      .select(['status', 'unsubscribe_source'])
      .where('newsletter_id', '=', links.newsletterId)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...subscription }, { status: 'unsubscribed', unsubscribe_source: 'one-click' });
  });

  it('POST /webhooks/stripe, which takes no form, refuses an unsigned or badly signed event with 400 and changes nothing', async () => {
    const route = world.routes.find((candidate) => routeKey(candidate) === 'POST /webhooks/stripe');
    assert.ok(route);
    // An open Stripe checkout, which a genuine event would turn into a subscription.
    const reader = await readerWithPassword(world);
    const offer = await world.db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
    const checkoutId = `hardening-stripe-checkout-${dialect}`;
    await world.db
      .insertInto('checkout_sessions')
      .values({
        id: checkoutId,
        account_id: reader.id,
        offer_id: offer.id,
        provider: 'stripe',
        provider_session_id: 'cs_hardening',
        status: 'open',
        created_at: now.toISOString(),
        completed_at: null,
      })
      .execute();
    const seconds = Math.floor(now.getTime() / 1000);
    const subscription = {
      id: `sub_hardening_${dialect}`,
      object: 'subscription',
      customer: 'cus_hardening',
      status: 'active',
      cancel_at_period_end: false,
      trial_end: null,
      ended_at: null,
      metadata: { checkoutId },
      items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: seconds + 30 * 24 * 3600 }] },
    };
    const payload = JSON.stringify({
      id: `evt_hardening_${dialect}`,
      object: 'event',
      type: 'customer.subscription.created',
      created: seconds,
      api_version: '2026-10-28.endive',
      data: { object: subscription },
      livemode: false,
      pending_webhooks: 1,
      request: null,
    });
    const stripe = new Stripe(stripeEnv.STRIPE_SECRET_KEY);
    const deliver = (body: string, signature: string | null) =>
      route.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'stripe-signature': signature }) },
        payload: body,
      });

    const before = await fingerprintState(world.database);
    const attempts = {
      unsigned: await deliver(payload, null),
      'signed with another secret': await deliver(payload, stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' })),
      'signature of another body': await deliver(
        payload.replace('"active"', '"trialing"'),
        stripe.webhooks.generateTestHeaderString({ payload, secret: stripeEnv.STRIPE_WEBHOOK_SECRET }),
      ),
      'made-up signature': await deliver(payload, `t=${seconds},v1=${'0'.repeat(64)}`),
    };
    assert.deepEqual(Object.fromEntries(Object.entries(attempts).map(([what, response]) => [what, response.statusCode])), {
      unsigned: 400,
      'signed with another secret': 400,
      'signature of another body': 400,
      'made-up signature': 400,
    });
    assert.equal(await fingerprintState(world.database), before);
    assert.equal(await findLatestSubscription(world.db, reader.id), undefined);
    // Signed with the webhook's secret, the same event is taken: the 400s above were the signature's doing.
    const signed = await deliver(payload, stripe.webhooks.generateTestHeaderString({ payload, secret: stripeEnv.STRIPE_WEBHOOK_SECRET }));
    assert.equal(signed.statusCode, 200);
    assert.equal((await findLatestSubscription(world.db, reader.id))?.state.status, 'active');
  });
});
