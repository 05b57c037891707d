import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { savePlan } from '../commerce/catalogue-repository.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import { saveTier } from '../commerce/tier-repository.ts';
import { saveSection } from '../content/masthead-repository.ts';
import { issueApiToken } from '../devices/api-tokens.ts';
import { issueFeedToken } from '../feeds/feed-tokens.ts';
import { insertComplimentaryAccess } from '../readers/complimentary-access-repository.ts';
import { buildTestApp } from '../../test/app.ts';
import { addActiveSubscription } from '../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { verifiedGooglebot } from '../../test/planted-articles.ts';
import { signedInCookie } from '../../test/readers.ts';
import { addRedeemedGiftSubscription } from '../../test/gift-subscription-fixtures.ts';
import { plantOrganisation } from '../../test/organisation-fixtures.ts';
import { admitMember } from '../organisations/membership.ts';

/**
 * Plants a unique word in the locked part of two Premium articles (one requiring the tier itself,
 * one through its section) and of one article for any subscriber, then asks the page, the search,
 * the feeds and the API as every kind of reader (by subscription, gift subscription, seat, a visit on
 * site and none): the Premium words reach only readers holding Premium, and the subscribers' words
 * every entitled reader.
 */
const now = new Date('2026-11-20T17:00:00Z');
const day = 86_400_000;
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);

await saveTier(db, { slug: 'digital', name: 'Digital', description: '' }, now);
await saveTier(db, { slug: 'premium', name: 'Premium', description: 'The archive' }, now);
const plan = { benefits: [], currency: 'USD' as const, interval: 'month' as const, isActive: true };
const digitalPlan = await savePlan(db, { ...plan, slug: 'digital', name: 'Digital', priceMinor: 1000, tiers: ['digital'] }, now);
const premiumPlan = await savePlan(db, { ...plan, slug: 'premium', name: 'Premium', priceMinor: 2500, tiers: ['digital', 'premium'] }, now);
const bareplan = await savePlan(db, { ...plan, slug: 'legacy', name: 'Legacy', priceMinor: 800, tiers: [] }, now);
const premiumTierId = (await db.selectFrom('tiers').select('id').where('slug', '=', 'premium').executeTakeFirstOrThrow()).id;
await saveSection(db, { slug: 'culture', name: 'Culture', description: '', position: 2, requiredTierId: premiumTierId }, now);

const openWordOf = (token: string) => token.replace('TIERTOKEN', 'TIEROPEN');
const paragraphs = (token: string) =>
  `Opening paragraph ${openWordOf(token)}.\n\nSecond open paragraph.\n\nBehind the wall: quokkaword ${token} appears here.\n\nLast words, ${token}.`;
const articles = [
  { slug: 'premium-own', section: 'world' as const, token: 'TIERTOKENOWN', tier: 'premium' as const },
  { slug: 'premium-section', section: 'culture' as const, token: 'TIERTOKENSECTION', tier: 'premium' as const },
  { slug: 'any-subscriber', section: 'world' as const, token: 'TIERTOKENANY', tier: null },
];
for (const article of articles) {
  await addArticle(
    db,
    seeded,
    { slug: article.slug, section: article.section, access: 'premium', body: paragraphs(article.token), headline: `Piece ${article.slug}` },
    now,
  );
}
await db.updateTable('articles').set({ required_tier_id: premiumTierId }).where('slug', '=', 'premium-own').execute();

const app = await buildTestApp(database, { now: () => now, resolver: verifiedGooglebot.resolver, env: { SEARCH_RATE_LIMIT: '1000' } });

async function subscriberOf(planId: number) {
  const reader = await signedInCookie(db, 'reader', now);
  await addActiveSubscription(db, { accountId: reader.accountId, planId, now });
  return reader;
}
async function lapsedReader(endedFrom: 'trial' | 'subscription') {
  const reader = await signedInCookie(db, 'reader', now);
  const ended = new Date(now.getTime() - 3 * day);
  await insertSubscription(
    db,
    {
      accountId: reader.accountId,
      planId: premiumPlan,
      offerId: null,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status: 'expired', currentPeriodEnd: ended, trialEnd: endedFrom === 'trial' ? ended : null, pastDueSince: null, endedFrom, resumeTo: null },
    },
    now,
  );
  return reader;
}
const complimentary = await signedInCookie(db, 'reader', now);
await insertComplimentaryAccess(
  db,
  { accountId: complimentary.accountId, startsAt: new Date(now.getTime() - day), endsAt: null, reason: 'Columnist', grantedBy: null },
  now,
);

async function giftRecipientOf(planId: number) {
  const reader = await signedInCookie(db, 'reader', now);
  await addRedeemedGiftSubscription(db, { accountId: reader.accountId, planId, now });
  return reader;
}
async function memberOf(planId: number, { endedDaysAgo }: { endedDaysAgo: number | null } = { endedDaysAgo: null }) {
  const reader = await signedInCookie(db, 'reader', now);
  const plantedAt = endedDaysAgo === null ? now : new Date(now.getTime() - (365 + endedDaysAgo) * day);
  const organisationId = await plantOrganisation(db, plantedAt, { planId, seats: '5' });
  await admitMember(db, dialect, { organisationId, accountId: reader.accountId, route: 'staff', now: plantedAt });
  return reader;
}
// A library's Premium contract admits its visitors on site by their address, which only TRUST_PROXY lets a header name.
const libraryRange = { address: '198.51.100.20', range: '198.51.100.0/24' };
await plantOrganisation(db, now, { name: 'Harbour Library', planId: premiumPlan, byIpRange: true, ipRanges: libraryRange.range });

type Kind = { name: string; headers: Record<string, string>; remoteAddress?: string; accountId?: number; readsPremium: boolean; readsSubscribers: boolean };
const withCookie = (reader: { cookie: string; accountId: number }) => ({ headers: { cookie: reader.cookie }, accountId: reader.accountId });
const kinds: Kind[] = [
  { name: 'an anonymous reader', headers: {}, readsPremium: false, readsSubscribers: false },
  { name: 'a registered reader', ...withCookie(await signedInCookie(db, 'reader', now)), readsPremium: false, readsSubscribers: false },
  { name: 'a reader whose Premium trial ended', ...withCookie(await lapsedReader('trial')), readsPremium: false, readsSubscribers: false },
  { name: 'a reader whose Premium subscription ended', ...withCookie(await lapsedReader('subscription')), readsPremium: false, readsSubscribers: false },
  { name: 'a subscriber whose plan gives no tier', ...withCookie(await subscriberOf(bareplan)), readsPremium: false, readsSubscribers: true },
  { name: 'a Digital subscriber', ...withCookie(await subscriberOf(digitalPlan)), readsPremium: false, readsSubscribers: true },
  { name: 'a Premium subscriber', ...withCookie(await subscriberOf(premiumPlan)), readsPremium: true, readsSubscribers: true },
  { name: 'a reader with complimentary access', ...withCookie(complimentary), readsPremium: true, readsSubscribers: true },
  { name: 'a staff member', ...withCookie(await signedInCookie(db, 'editor', now)), readsPremium: true, readsSubscribers: true },
  { name: 'the recipient of a Digital gift subscription', ...withCookie(await giftRecipientOf(digitalPlan)), readsPremium: false, readsSubscribers: true },
  { name: 'the recipient of a Premium gift subscription', ...withCookie(await giftRecipientOf(premiumPlan)), readsPremium: true, readsSubscribers: true },
  { name: 'a member of an organisation on Digital', ...withCookie(await memberOf(digitalPlan)), readsPremium: false, readsSubscribers: true },
  { name: 'a member of an organisation on Premium', ...withCookie(await memberOf(premiumPlan)), readsPremium: true, readsSubscribers: true },
  {
    name: 'a member of an organisation whose Premium contract ended',
    ...withCookie(await memberOf(premiumPlan, { endedDaysAgo: 30 })),
    readsPremium: false,
    readsSubscribers: false,
  },
  { name: 'a visitor on site at a Premium library', headers: {}, remoteAddress: libraryRange.address, readsPremium: true, readsSubscribers: true },
  {
    name: 'a visitor naming the library’s address in X-Forwarded-For, without TRUST_PROXY',
    headers: { 'x-forwarded-for': libraryRange.address },
    readsPremium: false,
    readsSubscribers: false,
  },
  {
    name: 'Googlebot verified by DNS',
    headers: { 'user-agent': verifiedGooglebot.userAgent },
    remoteAddress: verifiedGooglebot.address,
    readsPremium: true,
    readsSubscribers: true,
  },
];

const mayRead = (kind: Kind, article: (typeof articles)[number]) => (article.tier === null ? kind.readsSubscribers : kind.readsPremium);
const get = (url: string, kind: Kind, headers: Record<string, string> = kind.headers) =>
  app.inject({ method: 'GET', url, headers, ...(kind.remoteAddress ? { remoteAddress: kind.remoteAddress } : {}) });

describe(`the locked part of a tier-locked article never leaves the server (${dialect})`, () => {
  for (const kind of kinds) {
    describe(kind.name, () => {
      for (const article of articles) {
        const reads = mayRead(kind, article);
        it(`${reads ? 'gets' : 'does not get'} the locked part of the ${article.tier ?? 'any-subscription'} article ${article.slug}`, async () => {
          const response = await get(`/${article.section}/${article.slug}`, kind);
          assert.equal(response.statusCode, 200);
          assert.equal(response.body.includes(article.token), reads);
          assert.ok(response.body.includes(openWordOf(article.token)), 'the open part is shown to everyone');
          if (!reads) assert.match(response.body, /class="paywall/);
        });
      }

      it('finds no locked word of an article it may not read on the site, the feeds or the sitemaps', async () => {
        for (const url of ['/search?q=quokkaword', '/feed.xml', '/culture/feed.json', '/world/atom.xml', '/sitemaps/news.xml']) {
          const body = (await get(url, kind)).body;
          for (const article of articles) if (!mayRead(kind, article)) assert.ok(!body.includes(article.token), `${url} leaks ${article.token}`);
        }
        // A word found only behind the wall finds an article for a reader who may read it, never for one who may not.
        const found = (await get('/search?q=quokkaword', kind)).body;
        for (const article of articles) {
          if (found.includes(`/${article.section}/${article.slug}`)) assert.ok(mayRead(kind, article), `the search finds ${article.slug} by its locked text`);
        }
      });

      if (kind.accountId !== undefined) {
        const accountId = kind.accountId;
        it('gets through its private feed and its apps only what its tiers open', async () => {
          const feedToken = await issueFeedToken(db, accountId, now);
          const { token } = await issueApiToken(db, { accountId, deviceName: 'Phone', now });
          const bearer = { authorization: `Bearer ${token}` };
          const answers = [
            (await get(`/feeds/private/${feedToken}/feed.xml`, kind, {})).body,
            ...(await Promise.all(articles.map(async (article) => (await get(`/api/v1/articles/${article.section}/${article.slug}`, kind, bearer)).body))),
            (await get('/api/v1/search?q=quokkaword', kind, bearer)).body,
            (await get('/api/v1/articles?limit=50', kind, bearer)).body,
          ];
          for (const body of answers) {
            for (const article of articles) if (!mayRead(kind, article)) assert.ok(!body.includes(article.token), `leaks ${article.token}`);
          }
          const own = (await get(`/api/v1/articles/world/premium-own`, kind, bearer)).json();
          assert.equal(own.access.state, kind.readsPremium ? 'full' : 'preview');
        });
      }
    });
  }

  it('sells a Premium article with the plans giving Premium, and asks a Digital subscriber to change plan', async () => {
    const anonymous = (await app.inject({ method: 'GET', url: '/world/premium-own' })).body;
    assert.match(anonymous, /This article is for Premium subscribers/);
    const digital = kinds.find((kind) => kind.name === 'a Digital subscriber');
    assert.ok(digital);
    const asked = (await get('/culture/premium-section', digital)).body;
    assert.match(asked, /This article is part of Premium/);
    assert.match(asked, /Change your plan/);
  });
});
