import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { clicksOf, deliverNewsletter } from '../../../test/newsletter-link-fixtures.ts';
import { addFillerArticles, anonymousMeterCookies } from '../../../test/planted-articles.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { parseMeterRuleDraft } from '../../access/meter-rule-draft.ts';
import { loadReaderMeter, recordMeteredRead } from '../../accounts/reader-meter.ts';
import { deriveNewsletterLinkKey, signNewsletterToken } from '../../newsletters/newsletter-link.ts';
import { revokeNewsletterLinksOf } from '../../newsletters/newsletter-link-repository.ts';
import { insertComplimentaryAccess } from '../../readers/complimentary-access-repository.ts';
import { insertMeterRule } from '../../settings/meter-rule-repository.ts';

/**
 * Opening an article from a newsletter (`?nl=<token>`): the read is the recipient's, on their
 * account's meter, whoever's browser it is; nobody is signed in and no cookie is set; anything
 * wrong with the token opens the ordinary page, as if there were none. Decision 0037.
 */
const now = new Date('2026-11-20T17:00:00Z');
const period = '2026-11';
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
const body = (name: string) => `Open ${name}.\n\nStill open ${name}.\n\nLOCKED-${name} paragraph.`;
const metered = await addArticle(db, seeded, { slug: 'metered-story', body: body('metered') }, now);
const another = await addArticle(db, seeded, { slug: 'another-story', body: body('another') }, now);
const premium = await addArticle(db, seeded, { slug: 'premium-story', access: 'premium', body: body('premium') }, now);
const fillerIds = await addFillerArticles(db, seeded, now);
const app = await buildTestApp(database, { now: () => now });
const secret = readFileSync(`${database.dataDir}/secret`, 'utf8').trim();
const key = deriveNewsletterLinkKey(secret);
const { overTheMeter } = anonymousMeterCookies(secret, fillerIds);

/** A reader who was sent a newsletter carrying the metered, the other and the premium story. */
async function recipient() {
  const { accountId, cookie } = await signedInCookie(db, 'reader', now);
  const sent = await deliverNewsletter(db, key, { accountId, articleIds: [metered, another, premium], now });
  return { accountId, cookie, ...sent };
}

async function spendMeter(accountId: number) {
  for (const articleId of fillerIds) await recordMeteredRead(db, dialect, { accountId, period, articleId, limit: 10, now });
}

const meterOf = async (accountId: number) => (await loadReaderMeter(db, accountId, period)).articleIds;
const open = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const link = (slug: string, token: string) => `/world/${slug}?nl=${encodeURIComponent(token)}`;

describe(`a newsletter's article link (${dialect})`, () => {
  it('reads as its recipient: their meter is charged, the click counted, and no cookie is set or session opened', async () => {
    const reader = await recipient();
    const response = await open(link('metered-story', reader.tokenFor(metered)));
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('LOCKED-metered'));
    assert.equal(response.headers['set-cookie'], undefined);
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.match(response.body, /<link rel="canonical" href="https:\/\/news\.example\/world\/metered-story">/);
    assert.match(response.body, /<meta name="robots" content="noindex">/);
    assert.deepEqual(await meterOf(reader.accountId), [metered]);
    const clicked = await clicksOf(db, reader.deliveryId);
    assert.equal(clicked.clicks, 1);
    assert.equal(clicked.firstClickedAt, now.toISOString());
  });

  it('counts every click and keeps the first one’s time, charging a re-read nothing more', async () => {
    const reader = await recipient();
    for (let click = 0; click < 3; click += 1) await open(link('metered-story', reader.tokenFor(metered)));
    assert.deepEqual(await clicksOf(db, reader.deliveryId), { clicks: 3, firstClickedAt: now.toISOString() });
    assert.deepEqual(await meterOf(reader.accountId), [metered]);
  });

  it("ignores the browser's own meter cookie: a browser over its meter reads on the recipient's, and keeps its cookie as it was", async () => {
    const reader = await recipient();
    const response = await open(link('metered-story', reader.tokenFor(metered)), { cookie: overTheMeter });
    assert.ok(response.body.includes('LOCKED-metered'));
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it("gives the preview when the recipient's meter is spent, locked text withheld, still without a cookie", async () => {
    const reader = await recipient();
    await spendMeter(reader.accountId);
    const response = await open(link('metered-story', reader.tokenFor(metered)));
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('LOCKED-metered'));
    assert.match(response.body, /class="paywall/);
    assert.equal(response.headers['set-cookie'], undefined);
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.equal((await clicksOf(db, reader.deliveryId)).clicks, 1);
  });

  it('reads premium articles in full for an entitled recipient', async () => {
    const reader = await recipient();
    await insertComplimentaryAccess(db, { accountId: reader.accountId, startsAt: now, endsAt: null, reason: 'Press pass', grantedBy: null }, now);
    const response = await open(link('premium-story', reader.tokenFor(premium)));
    assert.ok(response.body.includes('LOCKED-premium'));
    assert.equal(response.headers['set-cookie'], undefined);
    assert.deepEqual(await meterOf(reader.accountId), []);
  });

  it('opens the ordinary page for a forged, altered, expired, other article’s or revoked token, counting nothing', async () => {
    const reader = await recipient();
    const good = reader.tokenFor(metered);
    const [format, delivery, expiry, signature = ''] = good.split('.');
    const expired = signNewsletterToken({ articleId: metered, deliveryId: reader.deliveryId, expiresAt: new Date(now.getTime() - 1000) }, key);
    const forged = signNewsletterToken(
      { articleId: metered, deliveryId: reader.deliveryId, expiresAt: new Date(now.getTime() + 86_400_000) },
      deriveNewsletterLinkKey('x'.repeat(40)),
    );
    const bad = [
      'nonsense',
      '',
      forged,
      [format, (Number.parseInt(delivery ?? '', 36) + 1).toString(36), expiry, signature].join('.'),
      [format, delivery, expiry, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`].join('.'),
      expired,
      reader.tokenFor(another),
    ];
    for (const token of bad) {
      const response = await open(link('metered-story', token), { cookie: overTheMeter });
      assert.equal(response.statusCode, 200, token);
      assert.ok(!response.body.includes('LOCKED-metered'), `${token} opens the browser's own (spent) meter`);
      assert.match(response.body, /class="paywall/);
    }
    // Without a cookie, the ordinary page starts the browser's own meter, as any first read does.
    const fresh = await open(link('metered-story', forged));
    assert.ok(fresh.body.includes('LOCKED-metered'));
    assert.match(String(fresh.headers['set-cookie']), /dateline_meter|m3\./);

    await revokeNewsletterLinksOf(db, { accountId: reader.accountId, now });
    const revoked = await open(link('metered-story', good), { cookie: overTheMeter });
    assert.ok(!revoked.body.includes('LOCKED-metered'));
    assert.deepEqual(await clicksOf(db, reader.deliveryId), { clicks: 0, firstClickedAt: null });
    assert.deepEqual(await meterOf(reader.accountId), []);
  });

  it('leaves another signed-in reader on their own access: the recipient is neither charged nor credited', async () => {
    const reader = await recipient();
    await spendMeter(reader.accountId);
    const other = await signedInCookie(db, 'reader', now);
    const response = await open(link('metered-story', reader.tokenFor(metered)), { cookie: other.cookie });
    assert.ok(response.body.includes('LOCKED-metered'), "the other reader's own meter has room");
    assert.deepEqual(await meterOf(other.accountId), [metered]);
    assert.deepEqual(await meterOf(reader.accountId), fillerIds);
    assert.equal((await clicksOf(db, reader.deliveryId)).clicks, 0);

    // And a forwarded link never opens for them what their own access does not.
    await spendMeter(other.accountId);
    const spent = await open(link('another-story', reader.tokenFor(another)), { cookie: other.cookie });
    assert.ok(!spent.body.includes('LOCKED-another'));
  });

  it('credits the recipient who opens their own link signed in', async () => {
    const reader = await recipient();
    const response = await open(link('metered-story', reader.tokenFor(metered)), { cookie: reader.cookie });
    assert.ok(response.body.includes('LOCKED-metered'));
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.equal((await clicksOf(db, reader.deliveryId)).clicks, 1);
  });

  it("records the read and the click in the ledger under the newsletter's source and name", async () => {
    const reader = await recipient();
    await open(link('another-story', reader.tokenFor(another)));
    const events = () =>
      db.selectFrom('insight_events').select(['kind', 'source', 'campaign', 'article_id']).where('campaign', '=', reader.newsletterSlug).execute();
    let found = await events();
    for (let waited = 0; found.length < 2 && waited < 50; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await events();
    }
    const kinds = found.map((event) => event.kind).sort();
    assert.deepEqual(kinds, ['article-read', 'newsletter-click']);
    assert.ok(found.every((event) => event.source === 'newsletter' && event.article_id === another));
  });

  it("applies the meter rules for newsletter readers to the recipient's read", async () => {
    const rule = parseMeterRuleDraft({ name: 'Newsletter readers get 2 more', source: 'newsletter', effect: 'more', articles: '2' }, { sectionIds: [] });
    await insertMeterRule(db, rule, now);
    const reader = await recipient();
    await spendMeter(reader.accountId);
    assert.ok(!(await open('/world/metered-story', { cookie: reader.cookie })).body.includes('LOCKED-metered'), 'signed in, from nowhere: spent');
    const response = await open(link('metered-story', reader.tokenFor(metered)));
    assert.ok(response.body.includes('LOCKED-metered'), 'from the newsletter: two more');
    assert.equal((await meterOf(reader.accountId)).length, fillerIds.length + 1);
  });
});
