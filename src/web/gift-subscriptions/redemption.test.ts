import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { insertGiftSubscription, markGiftPaid, revokeGiftRow } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { deriveRedemptionCodeKey, newRedemptionNonce, signRedemptionCode } from '../../gift-subscriptions/redemption-code.ts';

/**
 * The redemption link's page, through the reader site: it shows who gave the gift and their
 * message, asks a signed-out recipient to log in or register, redeems once by its button, and the
 * recipient then reads a premium article in full; every code that does not redeem says why.
 */
const now = new Date('2026-12-03T15:00:00Z');
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
await addArticle(
  db,
  seeded,
  { slug: 'premium-piece', access: 'premium', body: 'An open paragraph.\n\nAnother open one.\n\nBehind the wall: GIFTSUBSCRIPTIONWORD.\n\nMore.' },
  now,
);
const app = await buildTestApp(database, { now: () => now });
const key = deriveRedemptionCodeKey(readFileSync(`${database.dataDir}/secret`, 'utf8').trim());
const desk = await signedInCookie(db, 'editor', now);

async function buyGift({ isPaid = true }: { isPaid?: boolean } = {}): Promise<{ id: number; code: string }> {
  const codeNonce = newRedemptionNonce();
  const id = await insertGiftSubscription(
    db,
    {
      planId: plan.id,
      months: 6,
      priceMinor: 8000,
      currency: 'USD',
      buyerName: 'Ines Giver',
      buyerEmail: 'ines@example.org',
      buyerAccountId: null,
      recipientName: 'Olu Friend',
      recipientEmail: 'olu@example.org',
      message: 'For the long winter <evenings>',
      deliveryDay: '2026-12-03',
      deliverAt: now,
      codeNonce,
      provider: 'test',
    },
    now,
  );
  if (isPaid) await markGiftPaid(db, id, now);
  return { id, code: signRedemptionCode({ giftId: id, nonce: codeNonce }, key) };
}

async function signedInBrowser() {
  const { accountId, cookie } = await signedInCookie(db, 'reader', now);
  const browser = browserSession(app);
  const [name = '', ...value] = cookie.split('=');
  browser.cookies.set(name, value.join('='));
  return { accountId, browser };
}

const pageOf = (code: string) => `/gift-subscriptions/redeem?code=${encodeURIComponent(code)}`;

describe('the redemption page', () => {
  it('shows a signed-out recipient the giver and message, and leads them to log in or register and back', async () => {
    const gift = await buyGift();
    const response = await browserSession(app).get(pageOf(gift.code));
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<strong>Ines Giver<\/strong> has given Olu Friend 6 months of/);
    assert.match(response.body, /For the long winter &lt;evenings&gt;/);
    const back = encodeURIComponent(pageOf(gift.code));
    assert.ok(response.body.includes(`href="/register?next=${back}"`));
    assert.ok(response.body.includes(`href="/login?next=${back}"`));
    assert.doesNotMatch(response.body, /name="code"/);
    assert.equal(response.headers['cache-control'], 'private, no-store');
  });

  it('redeems by its button, once, and the recipient reads a premium article in full', async () => {
    const gift = await buyGift();
    const { browser } = await signedInBrowser();
    assert.doesNotMatch((await browser.get('/world/premium-piece')).body, /GIFTSUBSCRIPTIONWORD/);
    const offered = await browser.get(pageOf(gift.code));
    assert.match(offered.body, /Start reading<\/button>/);
    const redeemed = await browser.post('/gift-subscriptions/redeem', { code: gift.code });
    assert.equal(redeemed.statusCode, 200);
    assert.match(redeemed.body, /The gift is yours/);
    assert.match(redeemed.body, /until June 3, 2027/);
    assert.match((await browser.get('/world/premium-piece')).body, /GIFTSUBSCRIPTIONWORD/);
    const again = await browser.post('/gift-subscriptions/redeem', { code: gift.code });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /The gift is yours/);
    const stored = await db.selectFrom('gift_subscriptions').select(['redeemed_at', 'access_until']).where('id', '=', gift.id).executeTakeFirstOrThrow();
    assert.equal(stored.redeemed_at, now.toISOString());
  });

  it('redeems nothing for a signed-out press, which has no form token to send', async () => {
    const gift = await buyGift();
    const browser = browserSession(app);
    await browser.get(pageOf(gift.code));
    const response = await browser.post('/gift-subscriptions/redeem', { code: gift.code });
    assert.equal(response.statusCode, 403);
    const stored = await db.selectFrom('gift_subscriptions').select('redeemed_at').where('id', '=', gift.id).executeTakeFirstOrThrow();
    assert.equal(stored.redeemed_at, null);
  });

  it('says a code is used, altered, revoked or not yet paid for, and refuses a paying subscriber', async () => {
    const gift = await buyGift();
    const first = await signedInBrowser();
    await first.browser.get(pageOf(gift.code));
    await first.browser.post('/gift-subscriptions/redeem', { code: gift.code });
    const second = await signedInBrowser();
    const used = await second.browser.get(pageOf(gift.code));
    assert.equal(used.statusCode, 410);
    assert.match(used.body, /This gift code has already been used/);

    const altered = await browserSession(app).get(pageOf(`${gift.code.slice(0, -3)}xyz`));
    assert.equal(altered.statusCode, 400);
    assert.match(altered.body, /This gift code is not valid/);
    assert.doesNotMatch(altered.body, /Ines Giver/);

    await revokeGiftRow(db, { id: gift.id, by: desk.accountId, reason: 'Chargeback' }, now);
    const revoked = await first.browser.get(pageOf(gift.code));
    assert.equal(revoked.statusCode, 410);
    assert.match(revoked.body, /cancelled by the publication/);
    assert.doesNotMatch((await first.browser.get('/world/premium-piece')).body, /GIFTSUBSCRIPTIONWORD/);

    const unpaid = await buyGift({ isPaid: false });
    assert.equal((await second.browser.get(pageOf(unpaid.code))).statusCode, 409);

    const other = await buyGift();
    const subscriber = await signedInBrowser();
    await addActiveSubscription(db, { accountId: subscriber.accountId, planId: plan.id, now });
    await subscriber.browser.get(pageOf(other.code));
    const refused = await subscriber.browser.post('/gift-subscriptions/redeem', { code: other.code });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /You already have a paid subscription/);
  });

  it('refuses a press without the form’s CSRF token, and a code longer than any code', async () => {
    const gift = await buyGift();
    const { browser } = await signedInBrowser();
    assert.equal((await browser.post('/gift-subscriptions/redeem', { code: gift.code }, { withCsrf: false })).statusCode, 403);
    assert.equal((await browser.get(pageOf('x'.repeat(500)))).statusCode, 400);
    assert.equal((await browser.get('/gift-subscriptions/redeem')).statusCode, 400);
  });
});
