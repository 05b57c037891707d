import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { signedInCookie } from '../../../../test/readers.ts';
import { findPaymentCard } from '../../../commerce/payment-cards.ts';
import { openSession, sessionCookieName } from '../../../accounts/sessions.ts';

/** A browser that holds the reader's session cookie among the cookies the site sets. */
function browserOf(cookie: string) {
  const browser = browserSession(app);
  const [name = '', value = ''] = cookie.split('=');
  browser.cookies.set(name, value);
  return browser;
}

const start = new Date('2026-11-20T12:00:00Z');
const day = 24 * 60 * 60 * 1000;
let now = start;
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, start);
const app = await buildTestApp(database, { now: () => now });
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const banner = 'Your last payment failed — <a class="payment-banner__link" href="/account/card">update your card</a>';

/** A signed-in subscriber whose renewal failed at `since`. */
async function failingReader(since: Date) {
  const reader = await signedInCookie(db, 'reader', start);
  const subscriptionId = await addActiveSubscription(db, { accountId: reader.accountId, planId: plan.id, now: start });
  await db.updateTable('subscriptions').set({ status: 'past_due', past_due_since: since.toISOString() }).where('id', '=', subscriptionId).execute();
  return reader;
}

const page = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe(`the payment-failed banner (${dialect})`, () => {
  it('shows on every page a reader in the grace period asks for, and on none of anyone else, however the pages are kept', async () => {
    now = new Date(start.getTime() + day);
    const failing = await failingReader(start);
    const paying = await signedInCookie(db, 'reader', start);
    await addActiveSubscription(db, { accountId: paying.accountId, planId: plan.id, now: start });
    for (const url of ['/', '/search?q=harbour', '/account', '/offers', '/no-such-page']) {
      // The failing reader first, so that a page kept for subscribers would carry the banner to the next.
      const seen = await page(url, failing.cookie);
      assert.ok(seen.body.includes(banner), `${url} shows the banner`);
      assert.match(String(seen.headers['cache-control']), /private, no-store/, `${url} is the reader's alone`);
      assert.ok(!(await page(url, paying.cookie)).body.includes('Your last payment failed'), `${url} shows no banner to a paying reader`);
      assert.ok(!(await page(url)).body.includes('Your last payment failed'), `${url} shows no banner to an anonymous reader`);
    }
  });

  it('goes when the grace period ends', async () => {
    const failing = await failingReader(start);
    now = new Date(start.getTime() + 6.9 * day);
    assert.ok((await page('/', failing.cookie)).body.includes(banner));
    now = new Date(start.getTime() + 7 * day);
    // A session of its own: the identity cache keeps what it looked up for a moment.
    const { token } = await openSession(db, failing.accountId, now);
    const later = await page('/', `${sessionCookieName}=${token}`);
    assert.equal(later.statusCode, 200);
    assert.ok(!later.body.includes('Your last payment failed'));
  });
});

describe(`test mode's card page (${dialect})`, () => {
  it('sends a reader who is not signed in to log in', async () => {
    const response = await page('/account/card');
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/login\?next=/);
  });

  it('puts a working card on file, refuses a declined one, and says what was wrong', async () => {
    now = new Date(start.getTime() + day);
    const failing = await failingReader(start);
    const browser = browserOf(failing.cookie);
    const shown = await browser.get('/account/card');
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Your last payment failed\. Save a working card/);
    assert.match(shown.body, /No card on file/);
    const form = { card: '4242 4242 4242 4242', expiry: '09/29', cvc: '123', postalCode: '10001' };
    const declined = await browser.post('/account/card', { ...form, card: '4000 0000 0000 0002' });
    assert.equal(declined.statusCode, 402);
    assert.match(declined.body, /Your card was declined/);
    assert.equal(await findPaymentCard(db, failing.accountId), undefined);
    const invalid = await browser.post('/account/card', { ...form, expiry: '13/29' });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /The expiry month must be from 01 to 12/);
    const saved = await browser.post('/account/card', form);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/account/card?saved=1');
    assert.match((await browser.get('/account/card?saved=1')).body, /Your card ending 4242 is saved/);
    const card = await findPaymentCard(db, failing.accountId);
    assert.deepEqual([card?.last4, card?.expiryMonth, card?.expiryYear], ['4242', 9, 2029]);
    const method = await db.selectFrom('test_payment_methods').select('is_declining').where('account_id', '=', failing.accountId).executeTakeFirst();
    assert.equal(method?.is_declining, 0);
  });

  it('refuses a form without its token', async () => {
    const reader = await signedInCookie(db, 'reader', start);
    const response = await app.inject({
      method: 'POST',
      url: '/account/card',
      headers: { cookie: reader.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'card=4242424242424242&expiry=09/29&cvc=123&postalCode=10001',
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await findPaymentCard(db, reader.accountId), undefined);
  });

  it('is where the account page sends a test-mode reader to update their card', async () => {
    const reader = await signedInCookie(db, 'reader', start);
    await addActiveSubscription(db, { accountId: reader.accountId, planId: plan.id, now: start });
    const browser = browserOf(reader.cookie);
    await browser.get('/account');
    const response = await browser.post('/account/subscription/billing', {});
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/account/card');
  });
});
