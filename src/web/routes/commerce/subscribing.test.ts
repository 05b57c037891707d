import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { registerThroughSite } from '../../../../test/readers.ts';

let clock = new Date('2026-11-20T17:00:00Z');
const day = 24 * 60 * 60 * 1000;
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, clock);
await seedCatalogue(database.db, clock);
await addArticle(database.db, seeded, { slug: 'premium-piece', access: 'premium', body: 'Open one.\n\nOpen two.\n\nSUBSCRIBERS-ONLY ending.' }, clock);
for (let index = 1; index <= 12; index += 1)
  await addArticle(database.db, seeded, { slug: `metered-${index}`, body: `Open.\n\nOpen.\n\nLOCKED-${index}.` }, clock);
const app = await buildTestApp(database, { now: () => clock });

async function registeredBrowser(email: string) {
  const browser = browserSession(app);
  await registerThroughSite(browser, database.dataDir, { email, password: 'a long passphrase' });
  return browser;
}

async function subscribe(browser: ReturnType<typeof browserSession>, offer: string) {
  await browser.get('/offers');
  const started = await browser.post('/checkout', { offer });
  assert.equal(started.statusCode, 303);
  const payUrl = String(started.headers.location);
  assert.match(payUrl, /^\/checkout\/test\//);
  await browser.get(payUrl);
  return payUrl;
}

describe(`subscribing in test mode (${database.dialect})`, () => {
  it('lists the offers a reader can take, with their terms and end dates, and not the closed ones', async () => {
    const page = await browserSession(app).get('/offers');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Try 3 months for \$9/);
    assert.match(page.body, /\$3 a month for the first 3 months, then \$15 a month/);
    assert.match(page.body, /Offer ends December 20th/);
    assert.match(page.body, /Two weeks free/);
    assert.doesNotMatch(page.body, /Summer offer|Print and digital/);
    assert.match(page.body, /Test mode/);
  });

  it('shows the best offers on the paywall', async () => {
    const page = await browserSession(app).get('/world/premium-piece');
    const paywall = page.body.slice(page.body.indexOf('class="paywall'));
    assert.match(paywall, /Two weeks free/);
    assert.match(paywall, /Try 3 months for \$9/);
    assert.ok(!page.body.includes('SUBSCRIBERS-ONLY'));
  });

  it('sends a reader who is not signed in to register before checkout', async () => {
    const browser = browserSession(app);
    await browser.get('/offers');
    const response = await app.inject({
      method: 'POST',
      url: '/checkout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'offer=intro',
    });
    assert.ok([303, 403].includes(response.statusCode));
  });

  it('takes a declined card with a clear message, then the good card, and opens every article', async () => {
    const browser = await registeredBrowser('payer@example.org');
    const payUrl = await subscribe(browser, 'intro');
    const declined = await browser.post(payUrl, { card: '4000 0000 0000 0002', expiry: '12/30', cvc: '123', postalCode: '10001' });
    assert.equal(declined.statusCode, 402);
    assert.match(declined.body, /Your card was declined/);
    const wrong = await browser.post(payUrl, { card: '5555 5555 5555 4444', expiry: '12/30', cvc: '123', postalCode: '10001' });
    assert.match(wrong.body, /use the test card 4242/);
    const paid = await browser.post(payUrl, { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' });
    assert.equal(paid.statusCode, 303);
    const done = await browser.get(String(paid.headers.location));
    const account = await browser.get(String(done.headers.location));
    assert.match(account.body, /Your subscription has started/);
    assert.match(account.body, /Next charge: \$3 on December 20, 2026/);
    assert.ok((await browser.get('/world/premium-piece')).body.includes('SUBSCRIBERS-ONLY'));
    for (let index = 1; index <= 12; index += 1) assert.ok((await browser.get(`/world/metered-${index}`)).body.includes(`LOCKED-${index}`));
    assert.equal((await browser.post(payUrl, { card: '4242 4242 4242 4242' })).statusCode, 404, 'a paid checkout cannot be paid again');
  });

  it('refuses a second subscription and a checkout for an ended offer, even when posted directly', async () => {
    const browser = await registeredBrowser('twice@example.org');
    const payUrl = await subscribe(browser, 'intro');
    await browser.post(payUrl, { card: '4242424242424242', expiry: '12/30', cvc: '123', postalCode: '10001' });
    await browser.get('/offers');
    const again = await browser.post('/checkout', { offer: 'trial' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already have a subscription/);
    const other = await registeredBrowser('ended@example.org');
    await other.get('/offers');
    const ended = await other.post('/checkout', { offer: 'ended' });
    assert.equal(ended.statusCode, 409);
    assert.match(ended.body, /That offer has ended/);
  });

  it('cancels to the end of the trial, after which the reader sees the trial-expired wall and the meter again', async () => {
    const browser = await registeredBrowser('trialist@example.org');
    const payUrl = await subscribe(browser, 'trial');
    await browser.post(payUrl, { card: '4242424242424242', expiry: '12/30', cvc: '123', postalCode: '10001' });
    assert.match((await browser.get('/account')).body, /Your free trial runs until December 4, 2026/);
    await browser.get('/account');
    const canceled = await browser.post('/account/subscription/cancel', { decision: 'cancel' });
    assert.equal(canceled.statusCode, 303);
    const account = await browser.get(String(canceled.headers.location));
    assert.match(account.body, /Your full access continues until December 4, 2026/);
    assert.ok((await browser.get('/world/premium-piece')).body.includes('SUBSCRIBERS-ONLY'));

    clock = new Date(clock.getTime() + 15 * day);
    const premium = await browser.get('/world/premium-piece');
    assert.match(premium.body, /Your trial period has expired/);
    assert.match(premium.body, /See all offers and subscribe/);
    assert.ok(!premium.body.includes('SUBSCRIBERS-ONLY'));
    assert.match((await browser.get('/world/metered-1')).body, /You have 9 free articles left this month/);
    clock = new Date(clock.getTime() - 15 * day);
  });

  it('resumes a canceled subscription before it ends', async () => {
    const browser = await registeredBrowser('resumer@example.org');
    const payUrl = await subscribe(browser, 'intro');
    await browser.post(payUrl, { card: '4242424242424242', expiry: '12/30', cvc: '123', postalCode: '10001' });
    await browser.get('/account');
    await browser.post('/account/subscription/cancel', { decision: 'cancel' });
    await browser.get('/account');
    const resumed = await browser.post('/account/subscription/resume', {});
    assert.match((await browser.get(String(resumed.headers.location))).body, /Next charge/);
  });
});
