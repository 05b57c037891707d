import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { listPlans } from '../../commerce/catalogue-repository.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, now);
await seedCatalogue(database.db, now);
for (let index = 1; index <= 4; index += 1) {
  await addArticle(database.db, seeded, { slug: `metered-${index}`, headline: `Metered story ${index}` }, now);
}
await addArticle(database.db, seeded, { slug: 'free-story', access: 'free' }, now);
await addArticle(database.db, seeded, { slug: 'premium-story', access: 'premium' }, now);
const app = await buildTestApp(database, { now: () => now });

/** Every link to the log-in or registration page, as written in the page. */
function accountLinksOf(html: string): string[] {
  return [...html.matchAll(/href="(\/(?:login|register)(?:\?[^"]*)?)"/g)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&'));
}

/**
 * Where the link leads back to: its `next`, or the front page (which needs none). An offer's
 * Register link leads on to checkout for that offer, which returns to the page the offer was on
 * once paid (or, from the offers page, to the account page): that page is its return address.
 */
function returnAddressOf(link: string, page: string): string {
  const next = new URL(link, 'http://site.invalid').searchParams.get('next') ?? '/';
  const onward = new URL(next, 'http://site.invalid');
  if (onward.pathname !== '/checkout') return next;
  assert.ok(onward.searchParams.get('offer'), `${link} names the offer it leads on to`);
  return onward.searchParams.get('return') ?? page;
}

function assertEveryLinkReturnsTo(html: string, path: string, kind: string) {
  const links = accountLinksOf(html);
  assert.ok(links.length >= 2, `${kind}: Log in and Register are offered (${links.join(', ')})`);
  for (const link of links) assert.equal(returnAddressOf(link, path), path, `${kind}: ${link} leads back to ${path}`);
}

const mastheadOf = (html: string) => html.match(/<nav class="reader-nav[\s\S]*?<\/nav>/)?.[0] ?? '';

describe(`the Log in and Register links lead back to the page they are on (${database.dialect})`, () => {
  it('on the fronts, an author’s page, search and the offers', async () => {
    const pages = {
      home: '/',
      section: '/world',
      'section, page 2': '/world?page=1',
      author: '/authors/ada-reporter',
      search: '/search?q=story',
      offers: '/offers',
    };
    for (const [kind, path] of Object.entries(pages)) {
      const response = await app.inject({ method: 'GET', url: path });
      assert.equal(response.statusCode, 200, kind);
      assertEveryLinkReturnsTo(response.body, path, kind);
    }
  });

  it('on a free article, a metered one with its notice, and a paywalled one, in the masthead, the notice and the paywall', async () => {
    const browser = browserSession(app);
    assertEveryLinkReturnsTo((await browser.get('/world/free-story')).body, '/world/free-story', 'free article');
    const metered = (await browser.get('/world/metered-1')).body;
    assert.match(metered, /class="meter-notice"[\s\S]*?href="\/register\?next=%2Fworld%2Fmetered-1"/, 'the meter notice offers registration');
    assertEveryLinkReturnsTo(metered, '/world/metered-1', 'metered article');
    for (const index of [2, 3]) await browser.get(`/world/metered-${index}`);
    const paywalled = (await browser.get('/world/metered-4')).body;
    assert.match(paywalled, /class="paywall"/);
    assertEveryLinkReturnsTo(paywalled, '/world/metered-4', 'paywalled article');
    assertEveryLinkReturnsTo((await browser.get('/world/premium-story')).body, '/world/premium-story', 'premium article');
  });

  it('on the log-in and registration pages, the address they were asked to lead back to', async () => {
    const response = await app.inject({ method: 'GET', url: '/login?next=%2Fworld%2Fmetered-1' });
    assertEveryLinkReturnsTo(response.body, '/world/metered-1', 'log-in page');
  });
});

describe(`"Subscribe" is one click away for every reader without a subscription (${database.dialect})`, () => {
  it('in the masthead for anonymous and registered readers, and in every footer', async () => {
    const anonymous = (await app.inject({ method: 'GET', url: '/' })).body;
    assert.match(mastheadOf(anonymous), /<a class="subscribe-link" href="\/offers">Subscribe<\/a>/);
    assert.match(anonymous, /<footer class="site-footer">[\s\S]*<a href="\/offers">Subscribe<\/a>/);
    const { cookie } = await signedInCookie(database.db, 'reader', now);
    for (const path of ['/', '/world', '/world/metered-1', '/offers']) {
      const page = (await app.inject({ method: 'GET', url: path, headers: { cookie } })).body;
      assert.match(mastheadOf(page), /href="\/offers">Subscribe</, `registered reader on ${path}`);
    }
  });

  it('but not for a subscriber, who already has it', async () => {
    const { accountId, cookie } = await signedInCookie(database.db, 'reader', now);
    const [plan] = await listPlans(database.db);
    assert.ok(plan);
    await addActiveSubscription(database.db, { accountId, planId: plan.id, now });
    for (const path of ['/', '/world', '/world/metered-1', '/account']) {
      const page = (await app.inject({ method: 'GET', url: path, headers: { cookie } })).body;
      assert.ok(mastheadOf(page).length > 0, path);
      assert.doesNotMatch(mastheadOf(page), /Subscribe/, `subscriber on ${path}`);
    }
  });
});
