import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor } from '../../access/meter-cookie.ts';
import type { Resolver } from '../../crawlers/verify-crawler.ts';
import { buildTestApp } from '../../../test/app.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';

/**
 * Plants a unique token in the locked part of an article of each access level (and in a draft),
 * then asks /oembed for each, as every kind of reader and at every size: an embed carries no part
 * of an article's body, open or locked, whoever asks.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);

const levels = ['free', 'metered', 'registered', 'premium'] as const;
const planted = levels.map((access) => {
  const token = `PLANTED${access.toUpperCase()}TOKEN`;
  return { access, token, slug: `locked-${access}`, opening: `OPENING${access.toUpperCase()}WORDS` };
});
for (const { access, token, slug, opening } of planted) {
  const body = `${opening} begin the ${access} piece.\n\nSecond open paragraph.\n\nBehind the wall: ${token} appears here.\n\n## ${token} heading\n\nLast words, ${token}.`;
  await addArticle(db, seeded, { slug, access, headline: `The ${access} piece`, standfirst: `A ${access} standfirst.`, body }, now);
}
const draftToken = 'PLANTEDDRAFTTOKEN';
await addArticle(
  db,
  seeded,
  { slug: 'secret-draft', status: 'draft', publishedAt: null, body: `Draft ${draftToken} text.`, headline: `Draft ${draftToken}` },
  now,
);
const scheduledToken = 'PLANTEDSCHEDULEDTOKEN';
await addArticle(
  db,
  seeded,
  { slug: 'scheduled-piece', publishedAt: new Date(now.getTime() + 3_600_000), headline: `Scheduled ${scheduledToken}`, standfirst: scheduledToken },
  now,
);

const googleAddress = '66.249.66.1';
const resolver: Resolver = {
  reverse: async (ip) =>
    ip === googleAddress ? ['crawl-66-249-66-1.googlebot.com'] : Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
  lookup: async (name) => (name === 'crawl-66-249-66-1.googlebot.com' ? [googleAddress] : []),
};
const app = await buildTestApp(database, { now: () => now, resolver });
const meterKey = deriveMeterCookieKey(readFileSync(`${database.dataDir}/secret`, 'utf8').trim());
const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const registered = await signedInCookie(db, 'reader', now);
const staff = await signedInCookie(db, 'editor', now);

type ReaderState = { name: string; headers: Record<string, string>; remoteAddress?: string };
const readerStates: ReaderState[] = [
  { name: 'a new anonymous reader', headers: {} },
  {
    name: 'an anonymous reader over the meter',
    headers: { cookie: `${meterCookieName}=${encodeMeterCookie({ meter: { period: '2026-11', articleIds: [1, 2, 3] }, visitor: newVisitor() }, meterKey)}` },
  },
  { name: 'Googlebot verified by DNS', headers: { 'user-agent': googlebot }, remoteAddress: googleAddress },
  { name: 'a registered reader', headers: { cookie: registered.cookie } },
  { name: 'a staff member', headers: { cookie: staff.cookie } },
];

const sizes = ['', '&maxwidth=300', '&maxwidth=2000&maxheight=2000', '&maxheight=50'];
const oembedUrl = (slug: string, size = '') => `/oembed?format=json&url=${encodeURIComponent(`https://news.example/world/${slug}`)}${size}`;

describe(`an embed carries nothing of an article's body (${dialect})`, () => {
  for (const state of readerStates) {
    it(`for ${state.name}`, async () => {
      for (const { slug, token, opening, access } of planted) {
        for (const size of sizes) {
          const response = await app.inject({
            method: 'GET',
            url: oembedUrl(slug, size),
            headers: state.headers,
            ...(state.remoteAddress ? { remoteAddress: state.remoteAddress } : {}),
          });
          assert.equal(response.statusCode, 200, `${access}${size}`);
          assert.ok(!response.body.includes(token), `the ${access} embed leaks its locked part`);
          assert.ok(!response.body.includes(opening), `the ${access} embed carries its body`);
          assert.equal(response.json().title, `The ${access} piece`);
          assert.equal(response.headers['set-cookie'], undefined, 'an embed counts nothing on the meter');
        }
      }
      for (const [slug, token] of [
        ['secret-draft', draftToken],
        ['scheduled-piece', scheduledToken],
      ] as const) {
        const response = await app.inject({
          method: 'GET',
          url: oembedUrl(slug),
          headers: state.headers,
          ...(state.remoteAddress ? { remoteAddress: state.remoteAddress } : {}),
        });
        assert.equal(response.statusCode, 404, slug);
        assert.ok(!response.body.includes(token), `${slug} leaks`);
      }
    });
  }
});
