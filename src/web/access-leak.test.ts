import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName } from '../access/meter-cookie.ts';
import type { AccessLevel } from '../content/access-level.ts';
import { recordMeteredRead } from '../accounts/reader-meter.ts';
import { buildTestApp } from '../../test/app.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { signedInCookie } from '../../test/readers.ts';
import type { Resolver } from '../crawlers/verify-crawler.ts';

/**
 * Plants a unique token in the locked part of an article of each access level, then asks every
 * public route as every kind of reader: the token may appear only on the article's own page, and
 * only for a reader entitled to read it in full.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);

const lockedLevels = ['metered', 'registered', 'premium'] as const;
const planted = new Map<AccessLevel, { slug: string; token: string; id: number }>();
for (const access of lockedLevels) {
  const token = `PLANTED${access.toUpperCase()}TOKEN`;
  const slug = `locked-${access}`;
  const body = `Opening paragraph of the ${access} piece.\n\nSecond open paragraph.\n\nBehind the wall: quokkaword ${token} appears here.\n\n## ${token} heading\n\nLast words, ${token}.`;
  const id = await addArticle(db, seeded, { slug, access, headline: `The ${access} piece`, standfirst: `A ${access} standfirst.`, body, publishedAt: new Date(now.getTime() - 3_600_000) }, now);
  planted.set(access, { slug, token, id });
}
const draftToken = 'PLANTEDDRAFTTOKEN';
await addArticle(db, seeded, { slug: 'secret-draft', status: 'draft', publishedAt: null, body: `Draft ${draftToken} text.`, headline: `Draft ${draftToken}` }, now);
const fillerIds: number[] = [];
for (let index = 0; index < 10; index += 1) fillerIds.push(await addArticle(db, seeded, { slug: `filler-${index}`, publishedAt: new Date(now.getTime() - 7_200_000) }, now));

const googleAddress = '66.249.66.1';
const resolver: Resolver = {
  reverse: async (ip) => (ip === googleAddress ? ['crawl-66-249-66-1.googlebot.com'] : Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }))),
  lookup: async (name) => (name === 'crawl-66-249-66-1.googlebot.com' ? [googleAddress] : []),
};
const app = await buildTestApp(database, { now: () => now, resolver });
const config = { secret: (await import('node:fs')).readFileSync(`${database.dataDir}/secret`, 'utf8').trim() };
const meterKey = deriveMeterCookieKey(config.secret);
const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const registered = await signedInCookie(db, 'reader', now);
const exhaustedReader = await signedInCookie(db, 'reader', now);
for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId: exhaustedReader.accountId, period: '2026-11', articleId, limit: 10, now });
const staff = await signedInCookie(db, 'editor', now);

type ReaderState = { name: string; headers: Record<string, string>; remoteAddress?: string; entitledTo: readonly AccessLevel[] };
const readerStates: ReaderState[] = [
  { name: 'a new anonymous reader', headers: {}, entitledTo: ['metered'] },
  {
    name: 'an anonymous reader over the meter',
    headers: { cookie: `${meterCookieName}=${encodeMeterCookie({ period: '2026-11', articleIds: fillerIds.slice(0, 3) }, meterKey)}` },
    entitledTo: [],
  },
  { name: 'an anonymous reader with a forged meter cookie', headers: { cookie: `${meterCookieName}=m1.2026-11.1.${'A'.repeat(43)}` }, entitledTo: ['metered'] },
  { name: 'a Googlebot User-Agent from an ordinary address', headers: { 'user-agent': googlebot }, entitledTo: ['metered'] },
  { name: 'Googlebot verified by DNS', headers: { 'user-agent': googlebot }, remoteAddress: googleAddress, entitledTo: ['metered', 'registered', 'premium'] },
  { name: 'a registered reader', headers: { cookie: registered.cookie }, entitledTo: ['metered', 'registered'] },
  { name: 'a registered reader over the meter', headers: { cookie: exhaustedReader.cookie }, entitledTo: ['registered'] },
  { name: 'a staff member', headers: { cookie: staff.cookie }, entitledTo: ['metered', 'registered', 'premium'] },
];

const publicRoutes = ['/', '/world', '/authors/ada-reporter', '/feed.xml', '/sitemap.xml', '/search?q=quokkaword', '/search?q=behind+wall', '/world/no-such-article', '/nowhere/at/all'];

async function get(url: string, state: ReaderState) {
  return app.inject({ method: 'GET', url, headers: state.headers, ...(state.remoteAddress ? { remoteAddress: state.remoteAddress } : {}) });
}

describe(`the locked part never leaves the server (${dialect})`, () => {
  for (const state of readerStates) {
    describe(state.name, () => {
      for (const access of lockedLevels) {
        const { slug, token } = planted.get(access) ?? { slug: '', token: '' };
        const isEntitled = state.entitledTo.includes(access);
        it(`${isEntitled ? 'gets' : 'does not get'} the locked part of the ${access} article`, async () => {
          const response = await get(`/world/${slug}`, state);
          assert.equal(response.statusCode, 200);
          assert.equal(response.body.includes(token), isEntitled);
          if (!isEntitled) assert.match(response.body, /class="paywall/);
          const jsonLd = JSON.parse(response.body.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? '{}');
          assert.equal(jsonLd.isAccessibleForFree, false);
          assert.deepEqual(jsonLd.hasPart, { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.article-body__locked' });
          if (isEntitled) assert.match(response.body, /class="article-body__locked"/);
        });
      }

      it('finds no locked text and no draft on any other public route', async () => {
        for (const url of publicRoutes) {
          const response = await get(url, state);
          for (const { token } of planted.values()) assert.ok(!response.body.includes(token), `${url} leaks ${token}`);
          assert.ok(!response.body.includes(draftToken), `${url} leaks the draft`);
        }
      });
    });
  }

  it('marks free articles as free in their structured data', async () => {
    await addArticle(db, seeded, { slug: 'open-piece', access: 'free' }, now);
    const response = await app.inject({ method: 'GET', url: '/world/open-piece' });
    const jsonLd = JSON.parse(response.body.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? '{}');
    assert.equal(jsonLd.isAccessibleForFree, true);
    assert.equal(jsonLd.hasPart, undefined);
  });
});
