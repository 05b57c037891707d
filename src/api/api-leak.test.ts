import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordMeteredRead } from '../accounts/reader-meter.ts';
import { listPlans } from '../commerce/catalogue-repository.ts';
import type { AccessLevel } from '../content/access-level.ts';
import { buildTestApp } from '../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../test/commerce-fixtures.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { addFillerArticles, anonymousMeterCookies, lockedLevels, plantDraft, plantLockedArticles, verifiedGooglebot } from '../../test/planted-articles.ts';
import { openTestDatabase } from '../../test/database.ts';
import { issueApiToken, revokeApiToken } from '../devices/api-tokens.ts';
import { insertAccount } from '../accounts/account-repository.ts';

/**
 * The web's leak test (src/web/access-leak.test.ts), for the API: a unique token is planted in the
 * locked part of an article of each access level, and every API route is asked as every kind of
 * reader. The token may appear only in that article's own read, and only for a reader entitled to
 * it in full.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);

const planted = await plantLockedArticles(db, seeded, now);
const draftToken = await plantDraft(db, seeded, now);
const fillerIds = await addFillerArticles(db, seeded, now);

const app = await buildTestApp(database, { now: () => now, resolver: verifiedGooglebot.resolver });
const secret = (await import('node:fs')).readFileSync(`${database.dataDir}/secret`, 'utf8').trim();
const meterCookies = anonymousMeterCookies(secret, fillerIds);

let counter = 0;
async function bearerFor(role: 'reader' | 'editor', { isSubscriber = false, isLapsed = false } = {}): Promise<{ accountId: number; header: string }> {
  counter += 1;
  const accountId = await insertAccount(db, { email: `api-leak-${counter}@example.org`, name: `Reader ${counter}`, passwordHash: null, role, now });
  const [plan] = await listPlans(db);
  if ((isSubscriber || isLapsed) && plan) {
    const subscriptionId = await addActiveSubscription(db, { accountId, planId: plan.id, now: isLapsed ? new Date(now.getTime() - 90 * 86_400_000) : now });
    if (isLapsed) await db.updateTable('subscriptions').set({ status: 'expired', ended_from: 'subscription' }).where('id', '=', subscriptionId).execute();
  }
  const { token } = await issueApiToken(db, { accountId, deviceName: 'Leak test phone', now });
  return { accountId, header: `Bearer ${token}` };
}

const registered = await bearerFor('reader');
const exhausted = await bearerFor('reader');
for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId: exhausted.accountId, period: '2026-11', articleId, limit: 10, now });
const subscriber = await bearerFor('reader', { isSubscriber: true });
const lapsed = await bearerFor('reader', { isLapsed: true });
for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId: lapsed.accountId, period: '2026-11', articleId, limit: 10, now });
const staff = await bearerFor('editor');
const revoked = await bearerFor('reader', { isSubscriber: true });
const revokedRow = await db.selectFrom('api_tokens').select('id').where('account_id', '=', revoked.accountId).executeTakeFirstOrThrow();
await revokeApiToken(db, { accountId: revoked.accountId, tokenId: revokedRow.id, now });

type ReaderState = { name: string; headers: Record<string, string>; remoteAddress?: string; entitledTo: readonly AccessLevel[]; isRefused?: boolean };
const readerStates: ReaderState[] = [
  { name: 'a new anonymous app', headers: {}, entitledTo: ['metered'] },
  {
    name: 'an anonymous app over the meter',
    headers: { cookie: meterCookies.overTheMeter },
    entitledTo: [],
  },
  { name: 'an anonymous app with a forged meter cookie', headers: { cookie: meterCookies.forged }, entitledTo: ['metered'] },
  // The API verifies no crawlers: search engines read the web. A verified Googlebot is an anonymous reader here.
  {
    name: 'Googlebot verified by DNS',
    headers: { 'user-agent': verifiedGooglebot.userAgent },
    remoteAddress: verifiedGooglebot.address,
    entitledTo: ['metered'],
  },
  { name: "a registered reader's token", headers: { authorization: registered.header }, entitledTo: ['metered', 'registered'] },
  { name: 'a registered reader over the meter', headers: { authorization: exhausted.header }, entitledTo: ['registered'] },
  { name: 'a lapsed subscriber over the meter', headers: { authorization: lapsed.header }, entitledTo: ['registered'] },
  { name: "a subscriber's token", headers: { authorization: subscriber.header }, entitledTo: ['metered', 'registered', 'premium'] },
  { name: "a staff member's token", headers: { authorization: staff.header }, entitledTo: ['metered', 'registered', 'premium'] },
  { name: "a subscriber's revoked token", headers: { authorization: revoked.header }, entitledTo: [], isRefused: true },
  { name: 'a made-up token', headers: { authorization: `Bearer ${'x'.repeat(43)}` }, entitledTo: [], isRefused: true },
];

const otherRoutes = [
  '/api/v1/sections',
  '/api/v1/articles?limit=50',
  '/api/v1/articles?section=world&limit=50',
  '/api/v1/articles?author=ada-reporter&limit=50',
  '/api/v1/search?q=quokkaword',
  '/api/v1/search?q=behind+wall',
  '/api/v1/search?q=planted',
  '/api/v1/me',
  '/api/v1/openapi.json',
  '/api/v1/articles/world/secret-draft',
  '/api/v1/articles/culture/locked-premium',
  '/api/v1/nowhere/at/all',
];

async function get(url: string, state: ReaderState) {
  return app.inject({ method: 'GET', url, headers: state.headers, ...(state.remoteAddress ? { remoteAddress: state.remoteAddress } : {}) });
}

describe(`the locked part never leaves the server through the API (${dialect})`, () => {
  for (const state of readerStates) {
    describe(state.name, () => {
      for (const access of lockedLevels) {
        const { slug, token } = planted.get(access) ?? { slug: '', token: '' };
        const isEntitled = state.entitledTo.includes(access);
        it(`${isEntitled ? 'gets' : 'does not get'} the locked part of the ${access} article`, async () => {
          const response = await get(`/api/v1/articles/world/${slug}`, state);
          assert.equal(response.body.includes(token), isEntitled);
          if (state.isRefused) {
            assert.equal(response.statusCode, 401);
            return;
          }
          assert.equal(response.statusCode, 200);
          const { access: decision, blocks } = response.json();
          assert.equal(decision.state, isEntitled ? 'full' : 'preview');
          assert.equal(blocks.length, isEntitled ? 5 : 2);
          if (!isEntitled) assert.ok(decision.reason !== null && decision.offers.length > 0);
        });
      }

      it('finds no locked text and no draft on any other API route', async () => {
        for (const url of otherRoutes) {
          const response = await get(url, state);
          for (const { token } of planted.values()) assert.ok(!response.body.includes(token), `${url} leaks ${token}`);
          assert.ok(!response.body.includes(draftToken), `${url} leaks the draft`);
        }
      });
    });
  }
});
