import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken } from '../../accounts/tokens.ts';
import { issueFeedToken } from '../../feeds/feed-tokens.ts';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium', body: 'Open.\n\nAlso open.\n\nOnly for subscribers: LOCKEDWORDS.' }, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const app = await buildTestApp(database, { now: () => now });

async function subscriberBrowser() {
  const { accountId, cookie } = await signedInCookie(db, 'reader', now);
  await addActiveSubscription(db, { accountId, planId: plan.id, now });
  const [name = '', ...value] = cookie.split('=');
  const browser = browserSession(app);
  browser.cookies.set(name, value.join('='));
  return { accountId, browser };
}

const addressesOn = (html: string) => [...html.matchAll(/value="(https:\/\/news\.example\/feeds\/private\/[^"]+)"/g)].map((match) => match[1] ?? '');
const pathOf = (address: string) => new URL(address).pathname;
const liveTokens = async (accountId: number) =>
  (await db.selectFrom('feed_tokens').select(['token_hash']).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute()).map(
    (row) => row.token_hash,
  );

describe(`a subscriber's private feed (${dialect})`, () => {
  it('is made from the account page, shown once in three formats, kept only as a fingerprint, and carries the full text', async () => {
    const { accountId, browser } = await subscriberBrowser();
    const account = await browser.get('/account');
    assert.match(account.body, /Your private feed/);
    assert.match(account.body, /Create my private feed/);

    const made = await browser.post('/account/feed', {});
    assert.equal(made.statusCode, 200);
    assert.equal(made.headers['cache-control'], 'private, no-store');
    const addresses = addressesOn(made.body);
    assert.deepEqual(
      addresses.map((address) => pathOf(address).split('/').at(-1)),
      ['feed.xml', 'atom.xml', 'feed.json'],
    );
    const token = pathOf(addresses[0] ?? '').split('/')[3] ?? '';
    assert.deepEqual(await liveTokens(accountId), [hashToken(token)]);

    const feed = await app.inject({ method: 'GET', url: pathOf(addresses[0] ?? '') });
    assert.equal(feed.statusCode, 200);
    assert.match(feed.body, /LOCKEDWORDS/);

    const after = await browser.get('/account');
    assert.match(after.body, /You made your private feed on November 20, 2026/);
    assert.match(after.body, /Replace the address/);
    assert.ok(!after.body.includes(token), 'the account page never shows the address again');
  });

  it('is replaced by a new address, the old one dead at once', async () => {
    const { accountId, browser } = await subscriberBrowser();
    await browser.get('/account');
    const first = addressesOn((await browser.post('/account/feed', {})).body)[0] ?? '';
    await browser.get('/account');
    const replaced = await browser.post('/account/feed', {});
    assert.match(replaced.body, /The old one no longer works/);
    const second = addressesOn(replaced.body)[0] ?? '';
    assert.notEqual(second, first);
    assert.equal((await app.inject({ method: 'GET', url: pathOf(first) })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: pathOf(second) })).statusCode, 200);
    assert.equal((await liveTokens(accountId)).length, 1);
  });

  it('is revoked, its address answering 404 from then on', async () => {
    const { accountId, browser } = await subscriberBrowser();
    await browser.get('/account');
    const address = addressesOn((await browser.post('/account/feed', {})).body)[0] ?? '';
    await browser.get('/account');
    const revoked = await browser.post('/account/feed/revoke', {});
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/account?changed=feed-revoked');
    assert.match((await browser.get('/account?changed=feed-revoked')).body, /Your private feed is revoked/);
    assert.equal((await app.inject({ method: 'GET', url: pathOf(address) })).statusCode, 404);
    assert.deepEqual(await liveTokens(accountId), []);
  });

  it('is refused to a reader without a subscription, who is told it comes with one', async () => {
    const { accountId, cookie } = await signedInCookie(db, 'reader', now);
    const [name = '', ...value] = cookie.split('=');
    const browser = browserSession(app);
    browser.cookies.set(name, value.join('='));
    const account = await browser.get('/account');
    assert.match(account.body, /comes with a subscription/);
    assert.doesNotMatch(account.body, /Create my private feed/);
    const refused = await browser.post('/account/feed', {});
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /comes with a subscription/);
    assert.deepEqual(await liveTokens(accountId), []);
  });

  it('is not made without the form’s token, nor for someone not signed in', async () => {
    const { accountId, browser } = await subscriberBrowser();
    await browser.get('/account');
    assert.equal((await browser.post('/account/feed', {}, { withCsrf: false })).statusCode, 403);
    assert.deepEqual(await liveTokens(accountId), []);
    const stranger = browserSession(app);
    await stranger.get('/login');
    const sent = await stranger.post('/account/feed', {});
    assert.equal(sent.statusCode, 303);
    assert.match(String(sent.headers.location), /^\/login/);
  });

  it('keeps one live address when two replacements race', async () => {
    const { accountId } = await subscriberBrowser();
    const tokens = await Promise.all([issueFeedToken(db, accountId, now), issueFeedToken(db, accountId, now), issueFeedToken(db, accountId, now)]);
    const live = await liveTokens(accountId);
    assert.equal(live.length, 1);
    assert.ok(tokens.map(hashToken).includes(live[0] ?? ''));
  });
});
