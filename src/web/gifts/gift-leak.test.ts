import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { recordMeteredRead } from '../../accounts/reader-meter.ts';
import type { AccessLevel } from '../../content/access-level.ts';
import { giveGift } from '../../gifts/give-gift.ts';
import { deriveGiftLinkKey } from '../../gifts/gift-token.ts';
import { buildTestApp } from '../../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { addFillerArticles, anonymousMeterCookies, lockedLevels, plantLockedArticles } from '../../../test/planted-articles.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { cookieFrom, signedInCookie } from '../../../test/readers.ts';
import { defaultAccessSettings } from '../../access/access-settings.ts';

/**
 * The access issue's token-planting check, for gift links: a unique token sits in the locked part
 * of an article of each locked level, a subscriber gives the premium one, and every kind of reader
 * who is not entitled asks with the link, with its token on every other article's address, and on
 * every other public route. The gifted article's token appears on its own page, with its own link,
 * and nowhere else; the other articles stay as locked as they are without a gift.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);

const planted = await plantLockedArticles(db, seeded, now, { tokenPrefix: 'PLANTEDGIFT' });
const fillerIds = await addFillerArticles(db, seeded, now);

// The app makes the data folder's secret, which signs meters and gift links alike.
const app = await buildTestApp(database, { now: () => now });
const secret = readFileSync(`${database.dataDir}/secret`, 'utf8').trim();
const giver = await signedInCookie(db, 'reader', now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
await addActiveSubscription(db, { accountId: giver.accountId, planId: plan.id, now });
const gifted = planted.get('premium') ?? assert.fail('no premium piece');
const given = await giveGift(
  { db, dialect, giftLinkKey: deriveGiftLinkKey(secret) },
  {
    reader: { kind: 'subscriber', readerId: giver.accountId, tiers: [] },
    article: { id: gifted.id, access: 'premium' },
    settings: defaultAccessSettings,
    timeZone: 'America/New_York',
    now,
  },
);
if (given.kind !== 'given') assert.fail(`no gift: ${given.reason}`);
const giftQuery = `gift=${encodeURIComponent(given.token)}`;

const meterCookies = anonymousMeterCookies(secret, fillerIds);
const registered = await signedInCookie(db, 'reader', now);
const exhaustedReader = await signedInCookie(db, 'reader', now);
for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId: exhaustedReader.accountId, period: '2026-11', articleId, limit: 10, now });

type ReaderState = { name: string; cookie: string | null; entitledTo: readonly AccessLevel[] };
const readerStates: ReaderState[] = [
  { name: 'a new anonymous reader', cookie: null, entitledTo: ['metered'] },
  { name: 'an anonymous reader over the meter', cookie: meterCookies.overTheMeter, entitledTo: [] },
  { name: 'an anonymous reader with a forged meter cookie', cookie: meterCookies.forged, entitledTo: ['metered'] },
  { name: 'a registered reader', cookie: registered.cookie, entitledTo: ['metered', 'registered'] },
  { name: 'a registered reader over the meter', cookie: exhaustedReader.cookie, entitledTo: ['registered'] },
];

const publicRoutes = ['/', '/world', '/authors/ada-reporter', '/feed.xml', '/sitemap.xml', '/search?q=quokkaword', '/world/no-such-article'];
const allTokens = () => [...planted.values()].map(({ token }) => token);

async function get(url: string, cookie: string | null) {
  return app.inject({ method: 'GET', url, headers: cookie === null ? {} : { cookie } });
}

describe(`a gift link opens its article and nothing else (${dialect})`, () => {
  for (const state of readerStates) {
    describe(state.name, () => {
      it('reads the gifted article in full with its link', async () => {
        const response = await get(`/world/${gifted.slug}?${giftQuery}`, state.cookie);
        assert.equal(response.statusCode, 200);
        assert.ok(response.body.includes(gifted.token));
        assert.match(response.body, /class="article-body__locked"/);
      });

      for (const access of lockedLevels.filter((level) => level !== 'premium')) {
        const { slug, token } = planted.get(access) ?? assert.fail();
        const isEntitled = state.entitledTo.includes(access);
        it(`with the link on the ${access} article's address, ${isEntitled ? 'reads it as without a gift' : 'gets only its preview'}`, async () => {
          const response = await get(`/world/${slug}?${giftQuery}`, state.cookie);
          assert.equal(response.statusCode, 200);
          assert.equal(response.body.includes(token), isEntitled);
          assert.ok(!response.body.includes(gifted.token));
          if (!isEntitled) assert.match(response.body, /This gift link is not valid/);
        });
      }

      it('gets only the preview of the gifted article without its link, even after opening it', async () => {
        const opened = await get(`/world/${gifted.slug}?${giftQuery}`, state.cookie);
        const giftCookie = cookieFrom(opened.headers['set-cookie'], 'dl_gifts');
        const cookie = [state.cookie, giftCookie === undefined ? null : `dl_gifts=${giftCookie}`].filter((part) => part !== null).join('; ');
        const response = await get(`/world/${gifted.slug}`, cookie === '' ? null : cookie);
        assert.ok(!response.body.includes(gifted.token));
        assert.match(response.body, /class="paywall/);
      });

      it('finds no locked text on any other public route, with or without the link', async () => {
        for (const route of publicRoutes) {
          for (const url of [route, `${route}${route.includes('?') ? '&' : '?'}${giftQuery}`]) {
            const response = await get(url, state.cookie);
            for (const token of allTokens()) assert.ok(!response.body.includes(token), `${url} leaks ${token}`);
          }
        }
      });
    });
  }
});
