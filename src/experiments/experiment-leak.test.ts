import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { addFillerArticles, lockedLevels, plantLockedArticles, type LockedLevel } from '../../test/planted-articles.ts';
import { signedInCookie } from '../../test/readers.ts';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor, type VariantAssignment } from '../access/meter-cookie.ts';
import { recordMeteredRead } from '../accounts/reader-meter.ts';
import type { ExperimentKind, Variant, VariantChange } from './experiment.ts';
import { endExperiment, keepAccountAssignments, startExperiment } from './experiment-repository.ts';

/**
 * The planted-token check of src/web/access-leak.test.ts, in every variant of every kind of
 * experiment: whatever a variant changes (the meter's limit, the registration wall, the paywall's
 * offers or wording), the locked part reaches a reader only when that variant's rules let them read
 * it, on the site and through the API.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
const planted = await plantLockedArticles(db, seeded, now);
const fillerIds = await addFillerArticles(db, seeded, now);
const offers = await db.selectFrom('offers').select(['id', 'slug', 'headline']).execute();
const offerId = (slug: string) => offers.find((offer) => offer.slug === slug)?.id ?? 0;

const plan = { baseRatePercent: 2, minimumEffectPercent: 1, readersPerVariant: 3826 };
const variantsOf = (changes: VariantChange[]): Variant[] =>
  changes.map((change, index) => ({ key: 'abcd'[index] ?? 'x', name: `Variant ${index}`, share: Math.floor(100 / changes.length), change }));
const start = (kind: ExperimentKind, changes: VariantChange[]) =>
  startExperiment(db, { name: kind, kind, variants: variantsOf(changes), metric: 'paid', plan }, now);

const anonymousMeter = await start('meter-limit', [
  { kind: 'meter-limit', reader: 'anonymous', limit: 3 },
  { kind: 'meter-limit', reader: 'anonymous', limit: 0 },
  { kind: 'meter-limit', reader: 'anonymous', limit: 100 },
]);
const registrationWall = await start('registration-wall', [
  { kind: 'registration-wall', after: null },
  { kind: 'registration-wall', after: 0 },
  { kind: 'registration-wall', after: 2 },
]);
const paywallOffers = await start('paywall-offers', [
  { kind: 'paywall-offers', offerIds: [offerId('intro')] },
  { kind: 'paywall-offers', offerIds: [offerId('trial'), offerId('intro')] },
]);
const paywallWording = await start('paywall-wording', [
  { kind: 'paywall-wording', title: 'Subscribe to keep reading', body: 'Subscribe for unlimited access to {publication}.' },
  { kind: 'paywall-wording', title: 'WORDINGVARIANTB', body: 'You have read {limit} articles this month.' },
]);

const served = { current: await buildTestApp(database, { now: () => now }) };
const key = deriveMeterCookieKey(readFileSync(`${database.dataDir}/secret`, 'utf8').trim());

/** Which variant of each running experiment a reader holds; the control ('a') of each unless said. */
type Arms = { meter: 'a' | 'b' | 'c'; wall: 'a' | 'b' | 'c'; offers: 'a' | 'b'; wording: 'a' | 'b' };
const limits = { a: 3, b: 0, c: 100 } as const;
const walls = { a: null, b: 0, c: 2 } as const;

function assignmentsOf(arms: Arms): VariantAssignment[] {
  return [
    { experimentId: anonymousMeter, variant: arms.meter },
    { experimentId: registrationWall, variant: arms.wall },
    { experimentId: paywallOffers, variant: arms.offers },
    { experimentId: paywallWording, variant: arms.wording },
  ].sort((a, b) => a.experimentId - b.experimentId);
}

function anonymousCookie(arms: Arms, read: readonly number[]): string {
  const visitor = { id: newVisitor().id, assignments: assignmentsOf(arms) };
  return `${meterCookieName}=${encodeMeterCookie({ meter: { period: '2026-11', articleIds: read }, visitor }, key)}`;
}

/** What an anonymous reader who has read `read` metered articles may read in these arms. */
function anonymousMayRead(arms: Arms, read: number, access: LockedLevel): boolean {
  if (access !== 'metered') return false;
  const wall = walls[arms.wall];
  const limit = wall !== null && wall <= limits[arms.meter] ? wall : limits[arms.meter];
  return read < limit;
}

const armsToTry: Arms[] = [
  { meter: 'a', wall: 'a', offers: 'a', wording: 'a' },
  { meter: 'b', wall: 'a', offers: 'a', wording: 'a' },
  { meter: 'c', wall: 'a', offers: 'a', wording: 'a' },
  { meter: 'a', wall: 'b', offers: 'a', wording: 'a' },
  { meter: 'a', wall: 'c', offers: 'a', wording: 'a' },
  { meter: 'a', wall: 'a', offers: 'b', wording: 'a' },
  { meter: 'a', wall: 'a', offers: 'a', wording: 'b' },
  { meter: 'c', wall: 'c', offers: 'b', wording: 'b' },
  { meter: 'b', wall: 'c', offers: 'b', wording: 'b' },
];

function checkAnswer(body: string, { isEntitled, token, what }: { isEntitled: boolean; token: string; what: string }) {
  assert.equal(body.includes(token), isEntitled, `${what} ${isEntitled ? 'should' : 'should not'} hold the locked part`);
}

describe(`the locked part never leaves the server, in any variant of any experiment (${dialect})`, () => {
  for (const arms of armsToTry) {
    const label = `meter ${arms.meter}, registration wall ${arms.wall}, offers ${arms.offers}, wording ${arms.wording}`;
    for (const read of [0, 3]) {
      it(`an anonymous reader with ${read} articles read, in ${label}`, async () => {
        const app = served.current;
        for (const access of lockedLevels) {
          const { slug, token } = planted.get(access) ?? { slug: '', token: '' };
          const isEntitled = anonymousMayRead(arms, read, access);
          const headers = { cookie: anonymousCookie(arms, fillerIds.slice(0, read)) };
          const page = await app.inject({ method: 'GET', url: `/world/${slug}`, headers });
          assert.equal(page.statusCode, 200);
          checkAnswer(page.body, { isEntitled, token, what: `the ${access} page` });
          if (!isEntitled) assert.match(page.body, /class="paywall/);
          const isSpentMeter = access === 'metered' && !isEntitled && !page.body.includes('Register to read this article');
          // The variant was applied, not ignored: its wording and its offers are on the wall where they belong.
          assert.equal(page.body.includes('WORDINGVARIANTB'), isSpentMeter && arms.wording === 'b', `wording on the ${access} page`);
          if (isSpentMeter) assert.equal(page.body.includes('Two weeks free'), arms.offers === 'b', `offers on the ${access} page`);
          const api = await app.inject({ method: 'GET', url: `/api/v1/articles/world/${slug}`, headers });
          assert.equal(api.statusCode, 200);
          checkAnswer(api.body, { isEntitled, token, what: `the ${access} article in the API` });
        }
      });
    }
  }

  it("a registered reader, in every variant of the registered meter's limit", async () => {
    await endExperiment(db, { id: anonymousMeter, shippedVariant: null, now });
    const registeredMeter = await start('meter-limit', [
      { kind: 'meter-limit', reader: 'registered', limit: 10 },
      { kind: 'meter-limit', reader: 'registered', limit: 0 },
      { kind: 'meter-limit', reader: 'registered', limit: 100 },
    ]);
    // A new app: it reads the experiments afresh, as every instance does on its next content version.
    served.current = await buildTestApp(database, { now: () => now });
    const registeredLimits = { a: 10, b: 0, c: 100 } as const;
    for (const variant of ['a', 'b', 'c'] as const) {
      for (const read of [0, 10]) {
        const reader = await signedInCookie(db, 'reader', now);
        for (const articleId of fillerIds.slice(0, read))
          await recordMeteredRead(db, database.dialect, { accountId: reader.accountId, period: '2026-11', articleId, limit: 100, now });
        await keepAccountAssignments(db, { accountId: reader.accountId, assignments: [{ experimentId: registeredMeter, variant }], now });
        for (const access of lockedLevels) {
          const { slug, token } = planted.get(access) ?? { slug: '', token: '' };
          const isEntitled = access === 'registered' || (access === 'metered' && read < registeredLimits[variant]);
          const page = await served.current.inject({ method: 'GET', url: `/world/${slug}`, headers: { cookie: reader.cookie } });
          assert.equal(page.statusCode, 200);
          checkAnswer(page.body, { isEntitled, token, what: `variant ${variant}, ${read} read, the ${access} page` });
        }
      }
    }
  });

  it('a staff member reads everything, whatever variant their browser carries', async () => {
    const staff = await signedInCookie(db, 'editor', now);
    for (const arms of armsToTry) {
      for (const access of lockedLevels) {
        const { slug, token } = planted.get(access) ?? { slug: '', token: '' };
        const cookie = `${staff.cookie}; ${anonymousCookie(arms, fillerIds.slice(0, 3))}`;
        const page = await served.current.inject({ method: 'GET', url: `/world/${slug}`, headers: { cookie } });
        checkAnswer(page.body, { isEntitled: true, token, what: `staff, the ${access} page` });
      }
    }
  });
});
