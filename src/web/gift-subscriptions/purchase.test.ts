import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { lastMailTo } from '../../../test/outbox.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { defaultGiftSubscriptionSettings, writeGiftSubscriptionSettings } from '../../gift-subscriptions/gift-subscription-settings.ts';

/**
 * Buying a gift subscription through the reader site in test mode: the form says what is on sale
 * and everything wrong at once, test mode's page takes the card, and the receipt, shown only in the
 * buyer's browser, carries the redemption link, which the mailed receipt carries too and which redeems.
 */
const now = new Date('2026-12-03T15:00:00Z');
const database = await openTestDatabase();
const { db, dataDir } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium', body: 'Open one.\n\nOpen two.\n\nBehind the wall: GIFTEDWORD.\n\nMore.' }, now);
const plan = await db.selectFrom('plans').select(['id', 'name']).where('slug', '=', 'digital').executeTakeFirstOrThrow();
const app = await buildTestApp(database, { now: () => now });
const putOnSale = () =>
  writeGiftSubscriptionSettings(db, { ...defaultGiftSubscriptionSettings, planId: plan.id, pricesMinor: { 3: 4500, 6: null, 12: 15000 } }, now);

const form = (fields: Record<string, string> = {}) => ({
  months: '3',
  recipientName: 'Olu Friend',
  recipientEmail: 'olu@example.org',
  message: 'For the long winter <evenings>',
  deliveryDay: '2026-12-24',
  buyerName: 'Ines Giver',
  buyerEmail: 'ines@example.org',
  ...fields,
});

const pathOf = (location: unknown) => {
  const url = new URL(String(location), 'https://news.example');
  return `${url.pathname}${url.search}`;
};
const decoded = (html: string) => html.replaceAll('&amp;', '&');
const card = (number: string) => ({ card: number, expiry: '12/30', cvc: '123', postalCode: '10001' });

/** From the form to test mode's payment page: the address paid at, and the receipt it returns to. */
async function startBuying(browser: BrowserSession, fields: Record<string, string> = {}) {
  await browser.get('/gift-subscriptions');
  const started = await browser.post('/gift-subscriptions', form(fields));
  assert.equal(started.statusCode, 303);
  const payPath = pathOf(started.headers.location);
  assert.match(payPath, /^\/gift-subscriptions\/test-checkout\/[A-Za-z0-9_-]{40,}$/);
  const checkoutId = payPath.split('/').at(-1) ?? '';
  return { payPath, checkoutId, receiptPath: `/gift-subscriptions/receipt?checkout=${checkoutId}` };
}

async function buyAndPay(browser: BrowserSession, fields: Record<string, string> = {}) {
  const started = await startBuying(browser, fields);
  await browser.get(started.payPath);
  const paid = await browser.post(started.payPath, card('4242 4242 4242 4242'));
  assert.equal(paid.statusCode, 303);
  assert.equal(pathOf(paid.headers.location), started.receiptPath);
  return started;
}

describe('buying a gift subscription', () => {
  it('says so plainly while nothing is on sale, and the offers page does not lead there', async () => {
    const page = await browserSession(app).get('/gift-subscriptions');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Gift subscriptions are not on sale at the moment/);
    assert.doesNotMatch(page.body, /name="recipientEmail"/);
    assert.doesNotMatch((await browserSession(app).get('/offers')).body, /href="\/gift-subscriptions"/);
  });

  it('buys nothing when gifts are taken off sale while the buyer fills the form', async () => {
    await putOnSale();
    const browser = browserSession(app);
    await browser.get('/gift-subscriptions');
    await writeGiftSubscriptionSettings(db, defaultGiftSubscriptionSettings, now);
    const refused = await browser.post('/gift-subscriptions', form({ recipientEmail: 'too-late@example.org' }));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Gift subscriptions are not on sale at the moment/);
    assert.equal(await db.selectFrom('gift_subscriptions').select('id').where('recipient_email', '=', 'too-late@example.org').executeTakeFirst(), undefined);
  });

  it('offers the durations on sale at their prices, delivered from today in the publication’s time zone, and is linked from the offers page', async () => {
    await putOnSale();
    const page = await browserSession(app).get('/gift-subscriptions');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /3 months<\/span>\s*<span class="gift-buy__price">\$45<\/span>/);
    assert.match(page.body, /12 months<\/span>\s*<span class="gift-buy__price">\$150<\/span>/);
    assert.doesNotMatch(page.body, /6 months/);
    assert.match(page.body, /type="date" id="gift-delivery-day" name="deliveryDay" value="2026-12-03" min="2026-12-03" max="2027-12-03"/);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match((await browserSession(app).get('/offers')).body, /href="\/gift-subscriptions">Give The Test Gazette as a gift/);
  });

  it('prefills a signed-in reader as the buyer, and records their account', async () => {
    await putOnSale();
    const { accountId, cookie } = await signedInCookie(db, 'reader', now);
    const browser = browserSession(app);
    const [name = '', ...value] = cookie.split('=');
    browser.cookies.set(name, value.join('='));
    const { email } = await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
    assert.ok(decoded((await browser.get('/gift-subscriptions')).body).includes(`value="${email}"`));
    const { checkoutId } = await startBuying(browser, { buyerEmail: email });
    const gift = await db.selectFrom('gift_subscriptions').select('buyer_account_id').where('checkout_session_id', '=', checkoutId).executeTakeFirstOrThrow();
    assert.equal(gift.buyer_account_id, accountId);
  });

  it('names every problem at once, beside its field, and keeps what was typed', async () => {
    await putOnSale();
    const browser = browserSession(app);
    await browser.get('/gift-subscriptions');
    const refused = await browser.post(
      '/gift-subscriptions',
      form({ months: '6', recipientEmail: 'not an address', deliveryDay: '2026-12-02', buyerName: ' ' }),
    );
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>Error: Give a subscription/);
    for (const problem of [
      'Choose how long the gift lasts.',
      'Enter their email address, like name@example.com.',
      'Choose today or a later date for the delivery.',
      'Enter your name.',
    ]) {
      assert.equal(refused.body.split(problem).length - 1, 2, `“${problem}” in the summary and beside its field`);
    }
    assert.match(refused.body, /value="not an address"/);
    assert.match(refused.body, />For the long winter &lt;evenings&gt;<\/textarea>/);
    assert.match(refused.body, /value="ines@example.org"/);
    assert.equal(await db.selectFrom('gift_subscriptions').select('id').where('recipient_email', '=', 'not an address').executeTakeFirst(), undefined);
  });

  it('takes the payment on test mode’s page, shows the receipt with the link and mails it, and the link redeems', async () => {
    await putOnSale();
    const browser = browserSession(app);
    const { payPath, checkoutId, receiptPath } = await startBuying(browser);
    const payPage = await browser.get(payPath);
    assert.equal(payPage.statusCode, 200);
    assert.match(payPage.body, /A gift: 3 months of Digital/);
    assert.match(payPage.body, /Total due today: \$45/);

    const declined = await browser.post(payPath, card('4000 0000 0000 0002'));
    assert.equal(declined.statusCode, 402);
    assert.match(declined.body, /Your card was declined/);
    const paid = await browser.post(payPath, card('4242 4242 4242 4242'));
    assert.equal(pathOf(paid.headers.location), receiptPath);

    const receipt = await browser.get(receiptPath);
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /Thank you, Ines Giver/);
    assert.match(receipt.body, /We have emailed the receipt to <strong>ines@example.org<\/strong>/);
    assert.match(receipt.body, /3 months of Digital/);
    assert.match(receipt.body, /By email on December 24, 2026/);
    assert.match(receipt.body, /data-print/);
    const link = decoded(/id="gift-subscription-link" value="([^"]+)"/.exec(receipt.body)?.[1] ?? '');
    assert.match(link, /^https:\/\/news\.example\/gift-subscriptions\/redeem\?code=gs1\./);
    assert.ok(lastMailTo(dataDir, 'ines@example.org').includes(link), 'the mailed receipt carries the same link');

    const gift = await db.selectFrom('gift_subscriptions').select(['id', 'paid_at']).where('checkout_session_id', '=', checkoutId).executeTakeFirstOrThrow();
    assert.equal(gift.paid_at, now.toISOString());
    const payments = await db
      .selectFrom('payments')
      .select(['status', 'amount_minor', 'subscription_id'])
      .where('occurred_at', '=', now.toISOString())
      .execute();
    assert.deepEqual(
      payments
        .filter((payment) => payment.amount_minor === 4500)
        .map((payment) => payment.status)
        .sort(),
      ['failed', 'succeeded'],
      'the declined try and the sale, in the payments ledger',
    );
    // Paid: the page that took the card is gone.
    assert.equal((await browser.get(payPath)).statusCode, 404);

    const recipient = browserSession(app);
    const { cookie } = await signedInCookie(db, 'reader', now);
    const [name = '', ...value] = cookie.split('=');
    recipient.cookies.set(name, value.join('='));
    await recipient.get(pathOf(link));
    assert.match((await recipient.post('/gift-subscriptions/redeem', { code: new URL(link).searchParams.get('code') ?? '' })).body, /The gift is yours/);
    assert.match((await recipient.get('/world/premium-piece')).body, /GIFTEDWORD/);

    // The ledger is written each second: the sale and the redemption reach it, each once, with the plan and months.
    const events = () =>
      db.selectFrom('insight_events').select(['kind', 'plan_id', 'detail', 'amount_minor']).where('kind', 'in', ['gift-bought', 'gift-redeemed']).execute();
    let found = await events();
    for (let waited = 0; found.length < 2 && waited < 50; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await events();
    }
    assert.deepEqual(
      found.map((event) => ({ ...event })).sort((a, b) => a.kind.localeCompare(b.kind)),
      [
        { kind: 'gift-bought', plan_id: plan.id, detail: '3', amount_minor: 4500 },
        { kind: 'gift-redeemed', plan_id: plan.id, detail: '3', amount_minor: null },
      ],
    );
  });

  it('shows the receipt and the payment page only in the browser that bought the gift', async () => {
    await putOnSale();
    const { payPath, receiptPath } = await startBuying(browserSession(app));
    const stranger = browserSession(app);
    assert.equal((await stranger.get(payPath)).statusCode, 404);
    assert.equal((await stranger.get(receiptPath)).statusCode, 404);
    const { receiptPath: paidReceipt } = await buyAndPay(browserSession(app));
    const other = await stranger.get(paidReceipt);
    assert.equal(other.statusCode, 404);
    assert.doesNotMatch(other.body, /gs1\./);
  });

  it('says nothing was charged to a buyer who leaves checkout', async () => {
    await putOnSale();
    const left = await browserSession(app).get('/gift-subscriptions?left=1');
    assert.match(left.body, /You left checkout; nothing was charged/);
  });

  // Last: it spends this address's allowance.
  it('refuses a client address that begins checkout after checkout, saying when to try again', async () => {
    await putOnSale();
    const browser = browserSession(app);
    await browser.get('/gift-subscriptions');
    let answer = await browser.post('/gift-subscriptions', form({ recipientEmail: 'many@example.org' }));
    for (let tries = 1; answer.statusCode === 303 && tries < 30; tries += 1)
      answer = await browser.post('/gift-subscriptions', form({ recipientEmail: 'many@example.org' }));
    assert.equal(answer.statusCode, 429);
    assert.match(answer.body, /Too many attempts/);
    assert.ok(Number(answer.headers['retry-after']) > 0);
    const opened = await db.selectFrom('gift_subscriptions').select('id').where('recipient_email', '=', 'many@example.org').execute();
    assert.ok(opened.length <= 20, `${opened.length} checkouts from one address in an hour`);
  });
});
