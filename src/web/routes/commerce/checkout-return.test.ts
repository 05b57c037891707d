import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { saveOffer } from '../../../commerce/catalogue-repository.ts';
import { addArticle, seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { registerThroughSite, signedInCookie } from '../../../../test/readers.ts';

/**
 * A reader who chooses an offer keeps it through registering or logging in, pays, and comes back to
 * the story they subscribed from, in full, with a welcome. Nothing a crafted address carries can send
 * them off the site.
 */
let clock = new Date('2026-11-20T17:00:00Z');
const day = 24 * 60 * 60 * 1000;
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
// An offer for one more day, to end while a reader registers.
await saveOffer(
  db,
  {
    slug: 'weekend',
    planSlug: 'digital',
    headline: 'Weekend special',
    copy: '',
    terms: { kind: 'standard' },
    startsAt: null,
    endsAt: new Date(clock.getTime() + day),
    redemptionCap: null,
    isRetired: false,
  },
  clock,
);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium', body: 'Open one.\n\nOpen two.\n\nSUBSCRIBERS-ONLY ending.' }, clock);
await addArticle(db, seeded, { slug: 'gifted-piece', access: 'premium', body: 'Open one.\n\nOpen two.\n\nGIFTED ending.' }, clock);
const app = await buildTestApp(database, { now: () => clock });
const welcome = 'Welcome to The Test Gazette — you now have full access';
let readers = 0;
const nextAddress = () => `journey${++readers}@example.org`;

const pathOf = (location: unknown) => {
  assert.equal(typeof location, 'string');
  const url = new URL(String(location), 'https://news.example');
  assert.equal(url.origin, 'https://news.example', `${String(location)} leaves the site`);
  return `${url.pathname}${url.search}`;
};
const decoded = (html: string) => html.replaceAll('&amp;', '&');

/** The Subscribe link of the paywall's offer with this headline, as an anonymous reader sees it. */
function subscribeLinkOf(html: string, headline: string): string {
  const card = html.slice(html.indexOf(headline));
  const href = card.match(/href="([^"]+)"[^>]*>Subscribe</)?.[1];
  assert.ok(href, `no Subscribe link after ${headline}`);
  return decoded(href);
}

/** From the confirmation page: continue to payment, pay with the test card, and follow the return. */
async function payFromConfirmation(browser: BrowserSession, confirmationPath: string) {
  const confirmation = await browser.get(confirmationPath);
  assert.equal(confirmation.statusCode, 200, confirmation.body.slice(0, 300));
  assert.match(confirmation.body, /Continue to payment/);
  const form = decoded(confirmation.body.slice(confirmation.body.indexOf('class="auth-form checkout__form"')));
  const fields = Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="(offer|return)" value="([^"]*)">/g)].map(([, name = '', value = '']) => [name, value]),
  );
  const started = await browser.post('/checkout', fields);
  assert.equal(started.statusCode, 303);
  const payUrl = pathOf(started.headers.location);
  await browser.get(payUrl);
  const paid = await browser.post(payUrl, { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' });
  assert.equal(paid.statusCode, 303);
  const done = await browser.get(pathOf(paid.headers.location));
  assert.equal(done.statusCode, 303);
  return { confirmation, fields, back: pathOf(done.headers.location) };
}

describe(`the chosen offer survives registration, and the reader returns to the story (${dialect})`, () => {
  it('registers, lands in checkout for the offer chosen on the paywall, pays, and reads the article in full with a welcome', async () => {
    const browser = browserSession(app);
    const article = await browser.get('/world/premium-piece');
    const subscribe = subscribeLinkOf(article.body, 'Try 3 months for $9');
    const next = new URL(subscribe, 'https://news.example').searchParams.get('next');
    assert.equal(next, '/checkout?offer=intro&return=%2Fworld%2Fpremium-piece');
    await browser.get(subscribe);
    const finished = await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase', next: next ?? '' });
    assert.equal(finished.statusCode, 303);
    const landing = pathOf(finished.headers.location);
    assert.equal(landing, '/checkout?offer=intro&return=%2Fworld%2Fpremium-piece');
    const { confirmation, back } = await payFromConfirmation(browser, landing);
    assert.match(confirmation.body, /Try 3 months for \$9/);
    assert.doesNotMatch(confirmation.body, /Two weeks free/);
    assert.equal(back, '/world/premium-piece?welcome=subscribed');
    const story = await browser.get(back);
    assert.match(story.body, /SUBSCRIBERS-ONLY ending/);
    assert.ok(story.body.includes(welcome));
    assert.ok(!(await browser.get('/world/premium-piece')).body.includes(welcome), 'the welcome is said once, on the way back');
  });

  it("keeps the offer through logging in instead, from the register page's log-in link", async () => {
    const email = nextAddress();
    await registerThroughSite(browserSession(app), database.dataDir, { email, password: 'a long passphrase' });
    const browser = browserSession(app);
    const asked = await browser.get('/checkout?offer=trial&return=%2Fworld%2Fpremium-piece');
    assert.equal(asked.statusCode, 303);
    const register = await browser.get(pathOf(asked.headers.location));
    const logInLink = decoded(register.body.match(/href="(\/login\?next=[^"]+)"/)?.[1] ?? '');
    assert.equal(new URL(logInLink, 'https://news.example').searchParams.get('next'), '/checkout?offer=trial&return=%2Fworld%2Fpremium-piece');
    await browser.get(logInLink);
    const loggedIn = await browser.post('/login', { email, password: 'a long passphrase', next: '/checkout?offer=trial&return=%2Fworld%2Fpremium-piece' });
    assert.equal(pathOf(loggedIn.headers.location), '/checkout?offer=trial&return=%2Fworld%2Fpremium-piece');
    const { confirmation, back } = await payFromConfirmation(browser, pathOf(loggedIn.headers.location));
    assert.match(confirmation.body, /Two weeks free/);
    assert.match((await browser.get(back)).body, /SUBSCRIBERS-ONLY ending/);
  });

  it('goes to the account page after paying only when the reader came from there or from the offers page', async () => {
    const browser = browserSession(app);
    await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    const offers = await browser.get('/offers');
    assert.match(decoded(offers.body), /action="\/checkout"/);
    const { back } = await payFromConfirmation(browser, '/checkout?offer=intro');
    assert.equal(back, '/account?changed=subscribed');
    assert.match((await browser.get(back)).body, /Your subscription has started/);
  });

  it('says so and shows the offers when the chosen offer ended while the reader was registering', async () => {
    const browser = browserSession(app);
    await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    assert.match((await browser.get('/checkout?offer=weekend&return=%2Fworld%2Fpremium-piece')).body, /Continue to payment/);
    clock = new Date(clock.getTime() + 2 * day);
    try {
      const page = await browser.get('/checkout?offer=weekend&return=%2Fworld%2Fpremium-piece');
      assert.equal(page.statusCode, 409);
      assert.match(page.body, /That offer has ended/);
      assert.match(page.body, /Two weeks free/);
      assert.doesNotMatch(page.body, /Continue to payment/);
      const unknown = await browser.get('/checkout?offer=no-such-offer');
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /There is no such offer/);
    } finally {
      clock = new Date(clock.getTime() - 2 * day);
    }
  });

  it("carries the return path in the paywall's checkout form for a registered reader", async () => {
    const browser = browserSession(app);
    await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    const article = await browser.get('/world/premium-piece');
    assert.match(decoded(article.body), /action="\/checkout\?return=%2Fworld%2Fpremium-piece"/);
    const started = await browser.post('/checkout?return=%2Fworld%2Fpremium-piece', { offer: 'intro' });
    const payUrl = pathOf(started.headers.location);
    await browser.get(payUrl);
    const paid = await browser.post(payUrl, { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' });
    const done = await browser.get(pathOf(paid.headers.location));
    assert.equal(pathOf(done.headers.location), '/world/premium-piece?welcome=subscribed');
  });

  it('never sends a reader off the site, whatever the return address or next says', async () => {
    const hostile = [
      '//evil.example/x',
      'https://evil.example/x',
      '/\\evil.example',
      '/.//evil.example',
      '/%2e%2e//evil.example',
      'javascript:alert(1)',
      `/${'a'.repeat(480)}`,
    ];
    const anonymous = browserSession(app);
    for (const value of hostile) {
      const asked = await anonymous.get(`/checkout?offer=intro&return=${encodeURIComponent(value)}`);
      assert.ok([303, 400].includes(asked.statusCode), `${value}: ${asked.statusCode}`);
      if (asked.statusCode === 303) assert.doesNotMatch(decodeURIComponent(decodeURIComponent(pathOf(asked.headers.location))), /evil|javascript/);
    }
    const browser = browserSession(app);
    await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    for (const value of hostile.slice(0, 6)) {
      const page = await browser.get(`/checkout?offer=intro&return=${encodeURIComponent(value)}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /evil\.example|javascript:/);
    }
    // Posted directly, past the confirmation page: paying still comes back to the account page.
    await browser.get('/checkout?offer=intro');
    const started = await browser.post('/checkout?return=%2F%2Fevil.example', { offer: 'intro', return: 'https://evil.example/' });
    const payUrl = pathOf(started.headers.location);
    await browser.get(payUrl);
    const paid = await browser.post(payUrl, { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' });
    const done = await browser.get(pathOf(paid.headers.location));
    assert.equal(pathOf(done.headers.location), '/account?changed=subscribed');
    const registering = browserSession(app);
    const finished = await registerThroughSite(registering, database.dataDir, { email: nextAddress(), password: 'a long passphrase', next: '//evil.example' });
    assert.equal(pathOf(finished.headers.location), '/');
  });

  it("returns nobody through another reader's checkout (it is not found), and asks a signed-out reader to log in and come back to it", async () => {
    const browser = browserSession(app);
    await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    await browser.get('/checkout?offer=intro&return=%2Fworld%2Fpremium-piece');
    const started = await browser.post('/checkout', { offer: 'intro', return: '/world/premium-piece' });
    const checkoutId = pathOf(started.headers.location).split('/').at(-1) ?? '';
    const other = browserSession(app);
    await registerThroughSite(other, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    const elsewhere = await other.get(`/checkout/done?checkout=${checkoutId}`);
    assert.equal(elsewhere.statusCode, 404);
    assert.doesNotMatch(elsewhere.body, /premium-piece/);
    assert.equal(
      pathOf((await browserSession(app).get(`/checkout/done?checkout=${checkoutId}`)).headers.location),
      `/login?next=${encodeURIComponent(`/checkout/done?checkout=${checkoutId}`)}`,
    );
  });

  it('brings a reader who cancels the test checkout, or comes back without paying, to the offer chosen, saying nothing was charged', async () => {
    const browser = browserSession(app);
    await registerThroughSite(browser, database.dataDir, { email: nextAddress(), password: 'a long passphrase' });
    await browser.get('/checkout?offer=intro&return=%2Fworld%2Fpremium-piece');
    const started = await browser.post('/checkout', { offer: 'intro', return: '/world/premium-piece' });
    const payUrl = pathOf(started.headers.location);
    const payPage = await browser.get(payUrl);
    const cancel = decoded(payPage.body.match(/<p class="checkout__cancel"><a href="([^"]+)">Cancel<\/a>/)?.[1] ?? '');
    assert.equal(cancel, '/checkout?offer=intro&return=%2Fworld%2Fpremium-piece&left=1');
    const left = await browser.get(cancel);
    assert.equal(left.statusCode, 200);
    assert.match(left.body, /You left checkout; nothing was charged\./);
    assert.match(left.body, /Try 3 months for \$9/);
    assert.match(left.body, /<a href="\/world\/premium-piece">Back to the article<\/a>/);
    const checkoutId = payUrl.split('/').at(-1) ?? '';
    const unpaid = await browser.get(`/checkout/done?checkout=${checkoutId}`);
    assert.equal(pathOf(unpaid.headers.location), cancel, 'an open test checkout was never paid');
    assert.doesNotMatch((await browser.get('/world/premium-piece')).body, /SUBSCRIBERS-ONLY/);
  });

  it('welcomes only a subscriber: the welcome address gives anyone else the paywall as before', async () => {
    const page = await browserSession(app).get('/world/premium-piece?welcome=subscribed');
    assert.ok(!page.body.includes(welcome));
    assert.ok(!page.body.includes('SUBSCRIBERS-ONLY'));
  });
});

describe(`a gift link's page asks its reader to subscribe (${dialect})`, () => {
  it('names the publication and links to the offers, for a reader without a subscription only', async () => {
    const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
    const { accountId, cookie } = await signedInCookie(db, 'reader', clock);
    await addActiveSubscription(db, { accountId, planId: plan.id, now: clock });
    const giver = browserSession(app);
    const [name = '', ...value] = cookie.split('=');
    giver.cookies.set(name, value.join('='));
    await giver.get('/world/gifted-piece');
    const given = await giver.post('/account/gifts', { article: 'gifted-piece' });
    // The link is shown to the giver on a page of its own, to copy.
    const giftPath = pathOf(given.body.match(/id="gift-link" value="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&'));
    const gifted = await browserSession(app).get(giftPath);
    assert.match(gifted.body, /GIFTED ending/);
    assert.match(
      gifted.body,
      /<a class="meter-notice__link gift-notice__subscribe" href="\/offers">Enjoyed this article\? Subscribe to The Test Gazette to read every story<\/a>/,
    );
    assert.doesNotMatch((await giver.get(giftPath)).body, /class="[^"]*gift-notice__subscribe/);
  });
});
