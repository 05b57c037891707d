import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { deliverNewsletter } from '../../test/newsletter-link-fixtures.ts';
import { addFillerArticles, anonymousMeterCookies, lockedLevels, plantLockedArticles, type LockedLevel } from '../../test/planted-articles.ts';
import { signedInCookie } from '../../test/readers.ts';
import { recordMeteredRead } from '../accounts/reader-meter.ts';
import { deriveNewsletterLinkKey, signNewsletterToken } from '../newsletters/newsletter-link.ts';
import { revokeNewsletterLinksOf } from '../newsletters/newsletter-link-repository.ts';
import { insertComplimentaryAccess } from '../readers/complimentary-access-repository.ts';

/**
 * Plants a unique token in the locked part of an article of each access level and opens them
 * through newsletter links: the locked part shows only where the link's recipient may read it in
 * full, and a link that does not hold (forged, expired, another article's, revoked, opened by
 * another signed-in reader) opens nothing the browser could not read without it.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
const planted = await plantLockedArticles(db, seeded, now, { tokenPrefix: 'NLPLANTED' });
const fillerIds = await addFillerArticles(db, seeded, now);
const app = await buildTestApp(database, { now: () => now });
const secret = readFileSync(`${database.dataDir}/secret`, 'utf8').trim();
const key = deriveNewsletterLinkKey(secret);
const { overTheMeter } = anonymousMeterCookies(secret, fillerIds);
const articleIds = [...planted.values()].map(({ id }) => id);

async function spendMeter(accountId: number) {
  for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId, period: '2026-11', articleId, limit: 10, now });
}

async function recipient({ isSpent = false, isEntitled = false }: { isSpent?: boolean; isEntitled?: boolean }) {
  const { accountId, cookie } = await signedInCookie(db, 'reader', now);
  if (isSpent) await spendMeter(accountId);
  if (isEntitled) await insertComplimentaryAccess(db, { accountId, startsAt: now, endsAt: null, reason: 'Staff family', grantedBy: null }, now);
  return { accountId, cookie, ...(await deliverNewsletter(db, key, { accountId, articleIds, now })) };
}

const spent = await recipient({ isSpent: true });
const fresh = await recipient({});
const subscriber = await recipient({ isEntitled: true });
const revoked = await recipient({ isEntitled: true });
await revokeNewsletterLinksOf(db, { accountId: revoked.accountId, now });
const otherReader = await signedInCookie(db, 'reader', now);
await spendMeter(otherReader.accountId);

const plantedOf = (level: LockedLevel) => planted.get(level) ?? { id: 0, slug: '', token: 'missing', openToken: '' };
type Opening = { name: string; token: (level: LockedLevel) => string; headers?: Record<string, string>; entitledTo: readonly LockedLevel[] };
const openings: Opening[] = [
  { name: "a spent registered recipient's link", token: (level) => spent.tokenFor(plantedOf(level).id), entitledTo: ['registered'] },
  { name: "a fresh registered recipient's link", token: (level) => fresh.tokenFor(plantedOf(level).id), entitledTo: ['metered', 'registered'] },
  { name: "a subscriber's link", token: (level) => subscriber.tokenFor(plantedOf(level).id), entitledTo: lockedLevels },
  {
    name: "a subscriber's link opened by a browser over its own meter",
    token: (level) => subscriber.tokenFor(plantedOf(level).id),
    headers: { cookie: overTheMeter },
    entitledTo: lockedLevels,
  },
  {
    name: "a subscriber's link for another article, pasted on this one's address",
    token: (level) => subscriber.tokenFor(plantedOf(level === 'premium' ? 'metered' : 'premium').id),
    headers: { cookie: overTheMeter },
    entitledTo: [],
  },
  {
    name: "a subscriber's expired link",
    token: (level) => signNewsletterToken({ articleId: plantedOf(level).id, deliveryId: subscriber.deliveryId, expiresAt: new Date(now.getTime() - 1) }, key),
    headers: { cookie: overTheMeter },
    entitledTo: [],
  },
  {
    name: "a subscriber's link forged with another secret",
    token: (level) =>
      signNewsletterToken(
        { articleId: plantedOf(level).id, deliveryId: subscriber.deliveryId, expiresAt: new Date(now.getTime() + 86_400_000) },
        deriveNewsletterLinkKey('not-the-server-secret-but-long-enough-to-sign'),
      ),
    headers: { cookie: overTheMeter },
    entitledTo: [],
  },
  { name: "a subscriber's revoked link", token: (level) => revoked.tokenFor(plantedOf(level).id), headers: { cookie: overTheMeter }, entitledTo: [] },
  {
    name: "a subscriber's link opened by another signed-in reader, over their meter",
    token: (level) => subscriber.tokenFor(plantedOf(level).id),
    headers: { cookie: otherReader.cookie },
    entitledTo: ['registered'],
  },
];

describe(`newsletter links never open locked text their recipient may not read (${dialect})`, () => {
  for (const opening of openings) {
    describe(opening.name, () => {
      for (const level of lockedLevels) {
        const isEntitled = opening.entitledTo.includes(level);
        it(`${isEntitled ? 'opens' : 'does not open'} the locked part of the ${level} article`, async () => {
          const { slug, token, openToken } = plantedOf(level);
          const response = await app.inject({
            method: 'GET',
            url: `/world/${slug}?nl=${encodeURIComponent(opening.token(level))}`,
            headers: opening.headers ?? {},
          });
          assert.equal(response.statusCode, 200);
          assert.ok(response.body.includes(openToken), 'the page itself, not an error');
          assert.equal(response.body.includes(token), isEntitled);
          if (!isEntitled) assert.match(response.body, /class="paywall/);
        });
      }
    });
  }
});
