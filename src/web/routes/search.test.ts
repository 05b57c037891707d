import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { issueApiToken } from '../../devices/api-tokens.ts';
import { listPlans } from '../../commerce/catalogue-repository.ts';
import { buildTestApp } from '../../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle } from '../../../test/content-fixtures.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { fixtureNow, openFixtureSite } from '../../../test/site-fixture.ts';

const site = await openFixtureSite();
const { app, db, seeded } = site;

// A premium article whose locked part (third paragraph on) holds words its open part does not.
await addArticle(
  db,
  seeded,
  {
    slug: 'locked-inquiry',
    access: 'premium',
    headline: 'Inquiry into the port authority',
    body: 'The inquiry opened on Monday.\n\nWitnesses were called.\n\nThe report names the wombat syndicate behind the contracts.',
    publishedAt: new Date(fixtureNow.getTime() - 3_600_000),
  },
  fixtureNow,
);
await seedCatalogue(db, fixtureNow);
const [plan] = await listPlans(db);
assert.ok(plan);
const subscriber = await signedInCookie(db, 'reader', fixtureNow);
await addActiveSubscription(db, { accountId: subscriber.accountId, planId: plan.id, now: fixtureNow });
const registered = await signedInCookie(db, 'reader', fixtureNow);
const staff = await signedInCookie(db, 'editor', fixtureNow);
const { token: subscriberToken } = await issueApiToken(db, { accountId: subscriber.accountId, deviceName: 'Phone', now: fixtureNow });
const { token: readerToken } = await issueApiToken(db, { accountId: registered.accountId, deviceName: 'Phone', now: fixtureNow });
// The same site allowing three searches a minute.
const limitedApp = await buildTestApp(site, { now: () => fixtureNow, env: { SEARCH_RATE_LIMIT: '3' } });
after(() => limitedApp.close());

async function search(q: string, extra = '') {
  const response = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}${extra}` });
  return { status: response.statusCode, html: response.body, headers: response.headers };
}

describe('the search page', () => {
  it('finds articles and highlights the words in a snippet', async () => {
    const { status, html } = await search('corridor');
    assert.equal(status, 200);
    assert.ok(html.includes('/world/ceasefire-agreed'));
    assert.match(html, /<mark>corridor<\/mark>/);
    assert.match(html, /value="corridor"/);
  });

  it('is not indexed by search engines', async () => {
    assert.match((await search('ceasefire')).html, /<meta name="robots" content="noindex, follow">/);
  });

  it('answers every odd query with a page, never an error', async () => {
    const odd = [
      '"',
      '""',
      '"unclosed',
      'AND OR NOT',
      'ceasefire*',
      'NEAR(a b)',
      '-',
      '^',
      ':',
      '()',
      '🔥🕊️',
      'x'.repeat(5000),
      "'; drop table articles; --",
      '<script>alert(1)</script>',
    ];
    for (const q of odd) {
      const { status, html } = await search(q);
      assert.equal(status, 200, q.slice(0, 20));
      assert.doesNotMatch(html, /<script>alert/);
    }
    // A null character is refused for every address (PostgreSQL cannot store one), with a page that says so.
    const nul = await search('\u0000');
    assert.equal(nul.status, 400);
    assert.match(nul.html, /character we cannot read/);
  });

  it('says so when nothing matches, and invites a search when the box is empty', async () => {
    assert.match((await search('zzzyzzx')).html, /No articles match/);
    assert.match((await search('')).html, /Type a word or two/);
  });

  it('never finds drafts or stories scheduled for later', async () => {
    assert.doesNotMatch((await search('secret draft')).html, /unpublished-draft/);
    assert.doesNotMatch((await search('embargoed')).html, /tomorrows-story/);
  });

  it("refuses a query far too long to be a search with the theme's 400 page", async () => {
    const { status, html } = await search('x'.repeat(10_001));
    assert.equal(status, 400);
    assert.match(html, /class="error-page/);
  });

  it('refuses a malformed page number', async () => {
    assert.equal((await search('ceasefire', '&page=x')).status, 400);
  });
});

describe('what a search matches', () => {
  const lockedWords = ['wombat', 'wombat syndicate', 'names the wombat syndicate', 'report contracts'];

  it('never matches the locked text for anonymous and registered readers, on the site or through the API', async () => {
    for (const q of lockedWords) {
      for (const headers of [{}, { cookie: registered.cookie }]) {
        const page = await app.inject({ url: `/search?q=${encodeURIComponent(q)}`, headers });
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /locked-inquiry/, q);
        assert.match(page.body, /No articles match/, q);
      }
      for (const headers of [{}, { authorization: `Bearer ${readerToken}` }]) {
        const answer = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers })).json();
        assert.deepEqual({ total: answer.total, results: answer.results }, { total: 0, results: [] }, q);
      }
    }
  });

  it('finds the open part of a locked article for every reader', async () => {
    const page = await app.inject({ url: '/search?q=witnesses' });
    assert.match(page.body, /locked-inquiry/);
    const answer = (await app.inject({ url: '/api/v1/search?q=witnesses' })).json();
    assert.deepEqual(
      answer.results.map((result: { article: { slug: string } }) => result.article.slug),
      ['locked-inquiry'],
    );
  });

  it('matches the locked text for subscribers and staff, who read everything, quoting only the open text', async () => {
    for (const cookie of [subscriber.cookie, staff.cookie]) {
      const page = await app.inject({ url: '/search?q=wombat+syndicate', headers: { cookie } });
      assert.match(page.body, /locked-inquiry/);
      assert.doesNotMatch(page.body, /wombat syndicate behind/);
    }
    const answer = (await app.inject({ url: '/api/v1/search?q=wombat', headers: { authorization: `Bearer ${subscriberToken}` } })).json();
    assert.deepEqual(
      answer.results.map((result: { article: { slug: string } }) => result.article.slug),
      ['locked-inquiry'],
    );
    assert.doesNotMatch(answer.results[0].snippet, /wombat/);
  });
});

describe('how often a reader may search', () => {
  it('answers 429 with Retry-After once an address has searched too often, keeping the words typed', async () => {
    const remoteAddress = '203.0.113.7';
    for (let search = 0; search < 3; search += 1) assert.equal((await limitedApp.inject({ url: '/search?q=ceasefire', remoteAddress })).statusCode, 200);
    const page = await limitedApp.inject({ url: '/search?q=ceasefire', remoteAddress });
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /Too many searches in a short time\. Please wait \d+ seconds? and try again\./);
    assert.match(page.body, /value="ceasefire"/);
    assert.ok(Number(page.headers['retry-after']) >= 1 && Number(page.headers['retry-after']) <= 60);
    const api = await limitedApp.inject({ url: '/api/v1/search?q=ceasefire', remoteAddress });
    assert.equal(api.statusCode, 429, 'the site and the API count together');
    assert.equal(api.json().error.code, 'too-many-requests');
    assert.match(api.json().error.message, /Too many searches/);
    assert.ok(api.headers['retry-after']);
    assert.equal((await limitedApp.inject({ url: '/search?q=ceasefire', remoteAddress: '203.0.113.8' })).statusCode, 200, 'another address searches on');
  });

  it('counts a signed-in reader across addresses', async () => {
    const reader = await signedInCookie(db, 'reader', fixtureNow);
    for (let search = 0; search < 3; search += 1) {
      assert.equal(
        (await limitedApp.inject({ url: '/search?q=ceasefire', headers: { cookie: reader.cookie }, remoteAddress: `198.51.100.${search}` })).statusCode,
        200,
      );
    }
    assert.equal((await limitedApp.inject({ url: '/search?q=ceasefire', headers: { cookie: reader.cookie }, remoteAddress: '198.51.100.9' })).statusCode, 429);
  });

  it('counts searches only, not the empty search page', async () => {
    const remoteAddress = '203.0.113.9';
    for (let visit = 0; visit < 5; visit += 1) assert.equal((await limitedApp.inject({ url: '/search', remoteAddress })).statusCode, 200);
  });
});
