import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueFeedToken } from '../../feeds/feed-tokens.ts';
import { buildTestApp } from '../../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { plantDraft, plantLockedArticles, verifiedGooglebot } from '../../../test/planted-articles.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';

/**
 * Plants a unique token in the locked part of an article of each access level, and another in the
 * body of a free article, then asks every feed as every kind of reader. The locked tokens appear only
 * in the private feed of a reader entitled to read everything; the free article's body is in every
 * feed that lists it. Public feeds are the same whoever asks: cookies and verified crawlers change
 * nothing, since a feed is cached once for everyone.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);

const planted = await plantLockedArticles(db, seeded, now);
const freeToken = 'PLANTEDFREEBODYTOKEN';
await addArticle(
  db,
  seeded,
  {
    slug: 'open-piece',
    access: 'free',
    body: `Free opening.\n\nFree middle.\n\nFree end with ${freeToken}.`,
    publishedAt: new Date(now.getTime() - 3_600_000),
  },
  now,
);
const draftToken = await plantDraft(db, seeded, now);

const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const subscriber = await signedInCookie(db, 'reader', now);
await addActiveSubscription(db, { accountId: subscriber.accountId, planId: plan.id, now });
const subscriberFeed = await issueFeedToken(db, subscriber.accountId, now);
// Subscribed two months ago for a month: past its end and the grace period, so lapsed.
const lapsed = await signedInCookie(db, 'reader', now);
await addActiveSubscription(db, { accountId: lapsed.accountId, planId: plan.id, now: new Date(now.getTime() - 60 * 86_400_000) });
const lapsedFeed = await issueFeedToken(db, lapsed.accountId, new Date(now.getTime() - 45 * 86_400_000));
// A subscriber who replaced their address: the old one is dead.
const replacer = await signedInCookie(db, 'reader', now);
await addActiveSubscription(db, { accountId: replacer.accountId, planId: plan.id, now });
const replacedFeed = await issueFeedToken(db, replacer.accountId, now);
await issueFeedToken(db, replacer.accountId, now);
const staff = await signedInCookie(db, 'editor', now);
const staffFeed = await issueFeedToken(db, staff.accountId, now);
const registered = await signedInCookie(db, 'reader', now);

const app = await buildTestApp(database, { now: () => now, resolver: verifiedGooglebot.resolver });

type Asker = { name: string; headers: Record<string, string>; remoteAddress?: string };
const askers: Asker[] = [
  { name: 'an anonymous reader', headers: {} },
  { name: 'a registered reader', headers: { cookie: registered.cookie } },
  { name: 'a subscriber, by cookie', headers: { cookie: subscriber.cookie } },
  { name: 'a staff member, by cookie', headers: { cookie: staff.cookie } },
  { name: 'Googlebot verified by DNS', headers: { 'user-agent': verifiedGooglebot.userAgent }, remoteAddress: verifiedGooglebot.address },
];

const formats = ['feed.xml', 'atom.xml', 'feed.json'];
const publicPlaces = ['', '/world', '/authors/ada-reporter'];

async function get(url: string, asker: Asker = { name: 'anyone', headers: {} }) {
  return app.inject({ method: 'GET', url, headers: asker.headers, ...(asker.remoteAddress ? { remoteAddress: asker.remoteAddress } : {}) });
}

function assertPreviewsOnly(url: string, body: string) {
  for (const { token, openToken, slug } of planted.values()) {
    assert.ok(!body.includes(token), `${url} leaks ${token}`);
    assert.ok(body.includes(openToken), `${url} lacks the preview of ${slug}`);
    assert.ok(body.includes(`Continue reading at The Test Gazette`), `${url} does not lead on to ${slug}`);
  }
  assert.ok(body.includes(freeToken), `${url} lacks the free article's whole body`);
  assert.ok(!body.includes(draftToken), `${url} leaks the draft`);
}

describe(`the locked part never leaves the server by a feed (${dialect})`, () => {
  for (const asker of askers) {
    it(`gives ${asker.name} only previews of locked articles, and free articles whole, in every public feed`, async () => {
      for (const place of publicPlaces) {
        for (const format of formats) {
          const url = `${place}/${format}`;
          const response = await get(url, asker);
          assert.equal(response.statusCode, 200, url);
          assertPreviewsOnly(url, response.body);
        }
      }
    });
  }

  it('gives a lapsed subscriber’s private feed only previews, whoever asks', async () => {
    for (const asker of askers) {
      for (const format of formats) {
        const url = `/feeds/private/${lapsedFeed}/${format}`;
        const response = await get(url, asker);
        assert.equal(response.statusCode, 200, url);
        assertPreviewsOnly(`${url} asked by ${asker.name}`, response.body);
        assert.match(response.body, /subscription to The Test Gazette has ended/);
      }
    }
  });

  it('answers a replaced, unknown or malformed private address with 404 and a short text, nothing of any article', async () => {
    for (const token of [replacedFeed, 'A'.repeat(43), 'short', `${subscriberFeed}x`]) {
      for (const format of formats) {
        const response = await get(`/feeds/private/${token}/${format}`, { name: 'a subscriber', headers: { cookie: subscriber.cookie } });
        assert.equal(response.statusCode, 404);
        assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
        assert.match(response.body, /not in use/);
        for (const { token: plantedToken, openToken } of planted.values()) {
          assert.ok(!response.body.includes(plantedToken) && !response.body.includes(openToken));
        }
      }
    }
  });

  it('gives an entitled subscriber’s and a staff member’s private feed every article in full, even to an anonymous asker', async () => {
    for (const token of [subscriberFeed, staffFeed]) {
      for (const format of formats) {
        const url = `/feeds/private/${token}/${format}`;
        const response = await get(url);
        assert.equal(response.statusCode, 200, url);
        assert.equal(response.headers['cache-control'], 'private, no-cache');
        for (const { token: plantedToken } of planted.values()) assert.ok(response.body.includes(plantedToken), `${url} lacks ${plantedToken}`);
        assert.ok(response.body.includes(freeToken));
        assert.ok(!response.body.includes(draftToken));
        assert.ok(!response.body.includes('Continue reading at'), `${url} still cuts an article`);
        assert.ok(!response.body.includes(token), `${url} repeats its own secret address`);
      }
    }
  });

  it('still keeps the public feeds to previews after the private ones were built', async () => {
    for (const format of formats) assertPreviewsOnly(`/${format}`, (await get(`/${format}`)).body);
  });
});
