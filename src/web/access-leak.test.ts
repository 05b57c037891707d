import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor } from '../access/meter-cookie.ts';
import { parseMeterRuleDraft } from '../access/meter-rule-draft.ts';
import type { AccessLevel } from '../content/access-level.ts';
import { insertMeterRule } from '../settings/meter-rule-repository.ts';
import { recordMeteredRead } from '../accounts/reader-meter.ts';
import { buildTestApp } from '../../test/app.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { addFillerArticles, anonymousMeterCookies, lockedLevels, plantDraft, plantLockedArticles, verifiedGooglebot } from '../../test/planted-articles.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { addRedeemedGiftSubscription } from '../../test/gift-subscription-fixtures.ts';
import { signedInCookie } from '../../test/readers.ts';

/**
 * Plants a unique token in the locked part of an article of each access level, then asks every
 * public route as every kind of reader: the token may appear only on the article's own page, and
 * only for a reader entitled to read it in full.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);

const planted = await plantLockedArticles(db, seeded, now);
const draftToken = await plantDraft(db, seeded, now);
const fillerIds = await addFillerArticles(db, seeded, now);

// Every reader searches from one address here: a limit a real reader never meets, but this many searches would.
const app = await buildTestApp(database, { now: () => now, resolver: verifiedGooglebot.resolver, env: { SEARCH_RATE_LIMIT: '1000' } });
const secret = (await import('node:fs')).readFileSync(`${database.dataDir}/secret`, 'utf8').trim();
const meterCookies = anonymousMeterCookies(secret, fillerIds);

const registered = await signedInCookie(db, 'reader', now);
const exhaustedReader = await signedInCookie(db, 'reader', now);
for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId: exhaustedReader.accountId, period: '2026-11', articleId, limit: 10, now });
const staff = await signedInCookie(db, 'editor', now);
const newcomer = await signedInCookie(db, 'reader', now);
await seedCatalogue(db, now);
const giftPlan = await db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
const giftRecipient = await signedInCookie(db, 'reader', now);
await addRedeemedGiftSubscription(db, { accountId: giftRecipient.accountId, planId: giftPlan.id, now });
const revokedRecipient = await signedInCookie(db, 'reader', now);
await addRedeemedGiftSubscription(db, { accountId: revokedRecipient.accountId, planId: giftPlan.id, now, revokedBy: staff.accountId });

type ReaderState = { name: string; headers: Record<string, string>; remoteAddress?: string; entitledTo: readonly AccessLevel[] };
const readerStates: ReaderState[] = [
  { name: 'a new anonymous reader', headers: {}, entitledTo: ['metered'] },
  {
    name: 'an anonymous reader over the meter',
    headers: { cookie: meterCookies.overTheMeter },
    entitledTo: [],
  },
  { name: 'an anonymous reader with a forged meter cookie', headers: { cookie: meterCookies.forged }, entitledTo: ['metered'] },
  { name: 'a Googlebot User-Agent from an ordinary address', headers: { 'user-agent': verifiedGooglebot.userAgent }, entitledTo: ['metered'] },
  {
    name: 'Googlebot verified by DNS',
    headers: { 'user-agent': verifiedGooglebot.userAgent },
    remoteAddress: verifiedGooglebot.address,
    entitledTo: ['metered', 'registered', 'premium'],
  },
  { name: 'a registered reader', headers: { cookie: registered.cookie }, entitledTo: ['metered', 'registered'] },
  { name: 'a registered reader over the meter', headers: { cookie: exhaustedReader.cookie }, entitledTo: ['registered'] },
  { name: 'a staff member', headers: { cookie: staff.cookie }, entitledTo: ['metered', 'registered', 'premium'] },
  { name: "a gift subscription's recipient", headers: { cookie: giftRecipient.cookie }, entitledTo: ['metered', 'registered', 'premium'] },
  { name: 'a recipient whose gift subscription was revoked', headers: { cookie: revokedRecipient.cookie }, entitledTo: ['metered', 'registered'] },
];

const feedFiles = ['feed.xml', 'atom.xml', 'feed.json'];
const articleUrls = lockedLevels.map((access) => encodeURIComponent(`https://news.example/world/locked-${access}`));
const publicRoutes = [
  '/',
  '/world',
  '/authors/ada-reporter',
  '/search?q=quokkaword',
  '/search?q=behind+wall',
  '/world/no-such-article',
  '/nowhere/at/all',
  ...feedFiles.flatMap((file) => [`/${file}`, `/world/${file}`, `/authors/ada-reporter/${file}`]),
  '/sitemap.xml',
  '/sitemaps/pages.xml',
  '/sitemaps/articles-2026-11.xml',
  '/sitemaps/news.xml',
  '/robots.txt',
  ...articleUrls.map((url) => `/oembed?url=${url}&format=json`),
  '/api/v1/sections',
  '/api/v1/articles',
  '/api/v1/articles?section=world&limit=50',
  '/api/v1/articles?author=ada-reporter',
  '/api/v1/search?q=quokkaword',
  '/api/v1/search?q=behind+wall',
  '/api/v1/openapi.json',
  // The API knows readers by their app's token, never by the site's cookies: to it, each of these
  // readers is anonymous, for whom registered and premium articles are always locked.
  '/api/v1/articles/world/locked-registered',
  '/api/v1/articles/world/locked-premium',
];

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

      it(`${state.entitledTo.includes('premium') ? 'finds' : 'never finds'} an article by the words of its locked part, on the site`, async () => {
        for (const { slug, token } of planted.values()) {
          for (const q of [token, 'quokkaword', `quokkaword ${token}`]) {
            const response = await get(`/search?q=${encodeURIComponent(q)}`, state);
            assert.equal(response.statusCode, 200);
            assert.equal(response.body.includes(`/world/${slug}`), state.entitledTo.includes('premium'), `${q} finds ${slug}`);
          }
        }
      });

      it('never finds an article by the words of its locked part through the API, which knows no cookies', async () => {
        for (const { token } of planted.values()) {
          const answer = (await get(`/api/v1/search?q=quokkaword+${token}`, state)).json();
          assert.equal(answer.total, 0);
        }
      });

      it('finds no locked text and no draft on any other public route', async () => {
        for (const url of publicRoutes) {
          const response = await get(url, state);
          for (const { token } of planted.values()) assert.ok(!response.body.includes(token), `${url} leaks ${token}`);
          assert.ok(!response.body.includes(draftToken), `${url} leaks the draft`);
        }
      });
    });
  }

  it('asks real pages, feeds, sitemaps and embeds, not error pages', async () => {
    const missing = new Set(['/world/no-such-article', '/nowhere/at/all']);
    for (const url of publicRoutes) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, missing.has(url) ? 404 : 200, url);
    }
    const locked = await app.inject({ method: 'GET', url: '/api/v1/articles/world/locked-premium' });
    assert.match(locked.body, /OPENPREMIUMPREVIEW/);
    const embed = await app.inject({ method: 'GET', url: `/oembed?url=${articleUrls[2]}&format=json` });
    assert.match(embed.body, /The premium piece/);
  });

  it('marks free articles as free in their structured data', async () => {
    await addArticle(db, seeded, { slug: 'open-piece', access: 'free' }, now);
    const response = await app.inject({ method: 'GET', url: '/world/open-piece' });
    const jsonLd = JSON.parse(response.body.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? '{}');
    assert.equal(jsonLd.isAccessibleForFree, true);
    assert.equal(jsonLd.hasPart, undefined);
  });
});

describe(`the locked part never leaves the server under meter rules (${dialect})`, () => {
  before(async () => {
    const rule = (fields: Record<string, string>) => parseMeterRuleDraft(fields, { sectionIds: [] });
    await insertMeterRule(db, rule({ name: 'No free articles from social', source: 'social', effect: 'set', articles: '0' }), now);
    await insertMeterRule(db, rule({ name: 'Newsletter readers get 2 more', source: 'newsletter', effect: 'more', articles: '2' }), now);
  });
  const fromNewsletter = '?utm_source=newsletter&utm_medium=email';
  const fromSocial = { referer: 'https://t.co/x1' };
  const overTheRule = `${meterCookieName}=${encodeMeterCookie({ meter: { period: '2026-11', articleIds: fillerIds.slice(0, 5) }, visitor: newVisitor() }, deriveMeterCookieKey(secret))}`;
  const ruledStates: (ReaderState & { query: string })[] = [
    { name: 'a new anonymous reader arriving from social, where the rule gives none', headers: fromSocial, query: '', entitledTo: [] },
    {
      name: 'an anonymous reader over the meter, arriving from the newsletter',
      headers: { cookie: meterCookies.overTheMeter },
      query: fromNewsletter,
      entitledTo: ['metered'],
    },
    {
      name: "an anonymous reader over the rule's limit too, arriving from the newsletter",
      headers: { cookie: overTheRule },
      query: fromNewsletter,
      entitledTo: [],
    },
    // One who has read nothing yet: an article already counted is theirs to read again, whatever the rule.
    { name: 'a registered reader arriving from social', headers: { cookie: newcomer.cookie, ...fromSocial }, query: '', entitledTo: ['registered'] },
    {
      name: 'a registered reader over the meter, arriving from the newsletter',
      headers: { cookie: exhaustedReader.cookie },
      query: fromNewsletter,
      entitledTo: ['metered', 'registered'],
    },
    {
      name: 'a staff member arriving from social',
      headers: { cookie: staff.cookie, ...fromSocial },
      query: '',
      entitledTo: ['metered', 'registered', 'premium'],
    },
  ];

  for (const state of ruledStates) {
    it(`gives ${state.name} the locked part of ${state.entitledTo.length === 0 ? 'no article' : `the ${state.entitledTo.join(' and ')} articles`} alone`, async () => {
      for (const access of lockedLevels) {
        const { slug, token } = planted.get(access) ?? { slug: '', token: '' };
        const response = await get(`/world/${slug}${state.query}`, state);
        assert.equal(response.statusCode, 200);
        assert.equal(response.body.includes(token), state.entitledTo.includes(access), access);
        if (!state.entitledTo.includes(access)) assert.match(response.body, /class="paywall/);
      }
    });
  }

  it('gives an app arriving from social no locked part of the metered article either', async () => {
    const { slug, token } = planted.get('metered') ?? { slug: '', token: '' };
    const response = await app.inject({ method: 'GET', url: `/api/v1/articles/world/${slug}`, headers: fromSocial });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes(token));
    assert.deepEqual(response.json().access.meter, { limit: 0, used: 0, remaining: 0 });
  });
});
