import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../../test/browser-session.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { registerThroughSite } from '../../../../test/readers.ts';

let clock = new Date('2026-12-01T17:00:00Z');
const database = await openTestDatabase();
await seedPublication(database.db, clock);
await seedCatalogue(database.db, clock);
const app = await buildTestApp(database, { now: () => clock });
const good = { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' };
let readers = 0;

/** A registered reader on the payment page of the offer, with the page as first shown. */
async function atCheckout(offer = 'intro'): Promise<{ browser: BrowserSession; payUrl: string; page: string }> {
  const browser = browserSession(app);
  await registerThroughSite(browser, database.dataDir, { email: `card-holder-${++readers}@example.org`, password: 'a long passphrase' });
  await browser.get('/offers');
  const started = await browser.post('/checkout', { offer });
  const payUrl = String(started.headers.location);
  return { browser, payUrl, page: (await browser.get(payUrl)).body };
}

/** The opening tag of the input named `name`. */
function inputOf(page: string, name: string): string {
  return page.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0] ?? '';
}

const main = (page: string) => page.slice(page.indexOf('<main'), page.indexOf('</main>'));

describe(`the test-mode checkout (${database.dialect})`, () => {
  it('shows the publication’s name and nothing to wander off into, with the total, the renewal and how to cancel', async () => {
    const { page } = await atCheckout();
    assert.match(page, /class="nameplate__link" href="\/">The Test Gazette</);
    // Matched as attributes: every page carries the stylesheet, which names these classes too.
    assert.doesNotMatch(page, /class="(?:navbar|section-nav|menu|reader-nav)[" ]|class="[^"]*\b(?:navbar__search|site-footer__nav)\b/);
    assert.doesNotMatch(page, /Log out|href="\/search"/);
    assert.match(page, /Test mode/, 'the test-mode bar says payments are simulated');
    assert.match(main(page), /Total due today: \$3/);
    assert.match(main(page), /Then \$3 every month for 2 more months, and \$15 every month from March 1, 2027/);
    assert.match(main(page), /<a href="\/account">Cancel any time from your account\.<\/a>/);
    const trial = await atCheckout('trial');
    assert.match(main(trial.page), /Total due today: \$0\. Your 14 days free start now/);
    assert.match(main(trial.page), /Then \$15 every month from December 15, 2026/);
  });

  it('asks for the card number, expiry, security code and postal code, with their autocomplete tokens', async () => {
    const { page } = await atCheckout();
    for (const [name, token] of [
      ['card', 'cc-number'],
      ['expiry', 'cc-exp'],
      ['cvc', 'cc-csc'],
      ['postalCode', 'postal-code'],
    ]) {
      assert.match(inputOf(page, name ?? ''), new RegExp(`autocomplete="${token}"`), name);
    }
    assert.doesNotMatch(page, /aria-invalid|autofocus|There is a problem/, 'a fresh form has nothing in error');
  });

  it('names every bad field in a summary linked to it, keeps what was typed, and focuses the first field in error', async () => {
    const { browser, payUrl } = await atCheckout();
    const answer = await browser.post(payUrl, { card: '4242 4242 4242 4241', expiry: '13/30', cvc: '12', postalCode: '' });
    assert.equal(answer.statusCode, 400);
    const page = answer.body;
    assert.match(page, /<title>Error: Test mode checkout/);
    const summary = page.slice(page.indexOf('class="error-summary"'), page.indexOf('</ul>', page.indexOf('class="error-summary"')));
    assert.match(summary, /role="alert"/);
    assert.match(summary, /There is a problem/);
    const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]]);
    assert.deepEqual(
      links.map(([id]) => id),
      ['checkout-card', 'checkout-expiry', 'checkout-cvc', 'checkout-postal-code'],
    );
    assert.match(links[0]?.[1] ?? '', /card number is not valid/);
    assert.match(links[1]?.[1] ?? '', /expiry month must be from 01 to 12/);
    assert.match(links[2]?.[1] ?? '', /security code \(CVC\) is the 3 digits/);
    assert.match(links[3]?.[1] ?? '', /Enter the postal code/);

    const card = inputOf(page, 'card');
    assert.match(card, /id="checkout-card"/);
    assert.match(card, /value="4242 4242 4242 4241"/, 'the typed number stays, to be corrected');
    assert.match(card, /aria-invalid="true"/);
    assert.match(card, /aria-describedby="checkout-card-error"/);
    assert.match(card, / autofocus/);
    assert.match(page, /<p class="field__error" id="checkout-card-error"><span class="visually-hidden">Error: <\/span>The card number is not valid/);
    assert.match(inputOf(page, 'expiry'), /value="13\/30"[\s\S]*aria-invalid="true"/);
    assert.match(inputOf(page, 'cvc'), /value="12"[\s\S]*aria-describedby="checkout-cvc-error"/);
    assert.match(inputOf(page, 'postalCode'), /aria-invalid="true"/);
    assert.equal(page.match(/ autofocus/g)?.length, 1, 'only the first field in error takes the focus');
  });

  it('focuses the first field in error when it is not the first field, and leaves the good ones alone', async () => {
    const { browser, payUrl } = await atCheckout();
    const page = (await browser.post(payUrl, { ...good, cvc: '12a' })).body;
    assert.match(inputOf(page, 'cvc'), / autofocus/);
    assert.doesNotMatch(inputOf(page, 'card'), /aria-invalid|autofocus/);
    assert.match(inputOf(page, 'card'), /value="4242 4242 4242 4242"/);
    assert.match(inputOf(page, 'postalCode'), /value="10001"/);
  });

  it('asks an American Express card for 4 digits of security code', async () => {
    const { browser, payUrl } = await atCheckout();
    const page = (await browser.post(payUrl, { ...good, card: '3782 822463 10005', cvc: '123' })).body;
    assert.match(page, /The security code \(CVC\) is the 4 digits on the front of your card/);
  });

  it('refuses a card whose month has passed on the publication’s calendar, and takes one still in its month there', async () => {
    clock = new Date('2026-12-01T03:00:00Z'); // still 30 November in New York
    try {
      const { browser, payUrl } = await atCheckout();
      const past = await browser.post(payUrl, { ...good, expiry: '10/26' });
      assert.equal(past.statusCode, 400);
      assert.match(past.body, /The expiry date is in the past/);
      assert.match(inputOf(past.body, 'expiry'), / autofocus/);
      assert.equal((await browser.post(payUrl, { ...good, expiry: '11/26' })).statusCode, 303);
    } finally {
      clock = new Date('2026-12-01T17:00:00Z');
    }
  });

  it('clears the card number after a decline but keeps the rest, and puts the focus on the number', async () => {
    const { browser, payUrl } = await atCheckout();
    const declined = await browser.post(payUrl, { ...good, card: '4000 0000 0000 0002', expiry: '07/29', cvc: '321', postalCode: 'SW1A 1AA' });
    assert.equal(declined.statusCode, 402);
    const card = inputOf(declined.body, 'card');
    assert.doesNotMatch(card, /value=/);
    assert.match(card, /aria-invalid="true"[\s\S]* autofocus/);
    assert.match(declined.body, /<a href="#checkout-card">Your card was declined\. Try another card\.<\/a>/);
    assert.match(inputOf(declined.body, 'expiry'), /value="07\/29"/);
    assert.match(inputOf(declined.body, 'cvc'), /value="321"/);
    assert.match(inputOf(declined.body, 'postalCode'), /value="SW1A 1AA"/);
    assert.doesNotMatch(inputOf(declined.body, 'expiry'), /aria-invalid/);
  });

  it('says which card works in test mode, keeping the number typed', async () => {
    const { browser, payUrl } = await atCheckout();
    const other = await browser.post(payUrl, { ...good, card: '5555 5555 5555 4444' });
    assert.equal(other.statusCode, 402);
    assert.match(other.body, /In test mode, use the test card 4242 4242 4242 4242/);
    assert.match(inputOf(other.body, 'card'), /value="5555 5555 5555 4444"/);
  });

  it('answers a form with no fields at all by naming each, never with a 500', async () => {
    const { browser, payUrl } = await atCheckout();
    const empty = await browser.post(payUrl, {});
    assert.equal(empty.statusCode, 400);
    for (const message of ['Enter your card number', 'Enter the expiry date', 'Enter the security code', 'Enter the postal code'])
      assert.match(empty.body, new RegExp(message));
  });

  it('takes a good card and starts the subscription', async () => {
    const { browser, payUrl } = await atCheckout();
    const paid = await browser.post(payUrl, good);
    assert.equal(paid.statusCode, 303);
    assert.match((await browser.get('/account')).body, /Your subscription|Next charge/);
  });
});
