import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { lastMailTo } from '../../../test/outbox.ts';
import { startStripeStandIn } from '../../../test/stripe-stand-in.ts';
import { defaultGiftSubscriptionSettings, writeGiftSubscriptionSettings } from '../../gift-subscriptions/gift-subscription-settings.ts';

/**
 * Buying a gift with Stripe: one Checkout Session in payment mode, priced on the spot and naming the
 * gift; the buyer's return asks Stripe and shows the receipt at once, and Stripe's event confirms
 * the same gift, whichever comes first, with one sale in the ledger and one receipt mailed. The real
 * SDK talks to a stand-in for Stripe's API on a local port.
 */
const clock = new Date('2026-12-03T15:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const webhookSecret = 'whsec_giftsfordateline';
const database = await openTestDatabase();
const { db, dialect, dataDir } = database;
await seedPublication(db, clock);
await seedCatalogue(db, clock);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
await writeGiftSubscriptionSettings(db, { ...defaultGiftSubscriptionSettings, planId: plan.id, pricesMinor: { 3: 4500, 6: 8000, 12: 15000 } }, clock);
const standIn = await startStripeStandIn({ prefix: `gift${dialect}` });
after(() => standIn.stop().catch(() => {}));
const app = await buildTestApp(database, {
  now: () => clock,
  isCachingPages: false,
  env: { STRIPE_SECRET_KEY: 'sk_test_dateline', STRIPE_WEBHOOK_SECRET: webhookSecret },
  stripe: standIn.stripe,
});
const signer = new Stripe('sk_test_dateline');

const pathOf = (location: unknown) => {
  const url = new URL(String(location), 'https://news.example');
  assert.equal(url.origin, 'https://news.example', `${String(location)} leaves the site`);
  return `${url.pathname}${url.search}`;
};

/** The form posted, and the Stripe session the buyer was sent to. */
async function goToStripe(browser: BrowserSession, buyerEmail: string) {
  await browser.get('/gift-subscriptions');
  const started = await browser.post('/gift-subscriptions', {
    months: '6',
    recipientName: 'Olu Friend',
    recipientEmail: 'olu@example.org',
    message: '',
    deliveryDay: '2026-12-24',
    buyerName: 'Ines Giver',
    buyerEmail,
  });
  assert.equal(started.statusCode, 303);
  const sessionId = String(started.headers.location).split('/').at(-1) ?? '';
  const session = standIn.sessions.get(sessionId);
  assert.ok(session, 'Stripe holds the session the buyer was sent to');
  return { sessionId, session, receiptPath: pathOf(session.success_url) };
}

function checkoutEvent(type: string, sessionId: string, giftId: string) {
  return JSON.stringify({
    id: `evt_${type}_${sessionId}`,
    object: 'event',
    type,
    created: seconds(clock),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: null,
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        payment_intent: `pi_${sessionId}`,
        metadata: { datelineGiftId: giftId },
      },
    },
  });
}

async function deliver(payload: string) {
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
  return app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload });
}

const receiptsTo = (email: string) => lastMailTo(dataDir, email).match(/^Subject: Your gift of/gm)?.length ?? 0;

async function saleOf(sessionId: string) {
  const gift = await db.selectFrom('gift_subscriptions').select(['id', 'paid_at']).where('provider_session_id', '=', sessionId).executeTakeFirstOrThrow();
  const payments = await db
    .selectFrom('payments')
    .select(['amount_minor', 'provider_payment_id', 'status'])
    .where('provider_payment_id', '=', `pi_${sessionId}`)
    .execute();
  return { gift, payments };
}

describe(`buying a gift subscription with Stripe (${dialect})`, () => {
  it('opens one payment-mode session at the gift’s price, named for the plan and the gift, returning to the receipt or, left, to the form', async () => {
    const { sessionId, session, receiptPath } = await goToStripe(browserSession(app), 'session@example.org');
    assert.equal(session.mode, 'payment');
    const form = standIn.sessionForms.get(sessionId);
    assert.equal(form?.get('line_items[0][price_data][unit_amount]'), '8000');
    assert.equal(form?.get('line_items[0][price_data][currency]'), 'usd');
    assert.equal(form?.get('line_items[0][price_data][product_data][name]'), '6 months of Digital');
    assert.equal(form?.get('customer_email'), 'session@example.org');
    const { gift } = await saleOf(sessionId);
    assert.deepEqual(session.metadata, { datelineGiftId: String(gift.id) });
    assert.equal(form?.get('payment_intent_data[metadata][datelineGiftId]'), String(gift.id));
    assert.match(receiptPath, /^\/gift-subscriptions\/receipt\?checkout=[A-Za-z0-9_-]{40,}$/);
    assert.equal(pathOf(session.cancel_url), '/gift-subscriptions?left=1');
  });

  it('shows the receipt on return before the webhook, asking Stripe; the webhook then changes nothing', async () => {
    const browser = browserSession(app);
    const { sessionId, receiptPath } = await goToStripe(browser, 'return-first@example.org');
    const waiting = await browser.get(receiptPath);
    assert.match(waiting.body, /Your payment did not go through/, 'an open session was never paid');
    standIn.pay(sessionId);
    const receipt = await browser.get(receiptPath);
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /Thank you, Ines Giver/);
    assert.match(receipt.body, /gift-subscriptions\/redeem\?code=gs1\./);
    const { gift, payments } = await saleOf(sessionId);
    assert.equal(gift.paid_at, clock.toISOString());
    assert.deepEqual(
      payments.map((payment) => ({ ...payment })),
      [{ amount_minor: 8000, provider_payment_id: `pi_${sessionId}`, status: 'succeeded' }],
    );

    const webhook = await deliver(checkoutEvent('checkout.session.completed', sessionId, String(gift.id)));
    assert.equal(webhook.statusCode, 200);
    assert.equal(webhook.json().outcome, 'ignored');
    assert.equal((await saleOf(sessionId)).payments.length, 1);
    assert.equal(receiptsTo('return-first@example.org'), 1);
  });

  it('is confirmed by the webhook first, once however often Stripe sends it, and the return shows the receipt', async () => {
    const browser = browserSession(app);
    const { sessionId, receiptPath } = await goToStripe(browser, 'webhook-first@example.org');
    const { gift } = await saleOf(sessionId);
    const first = await deliver(checkoutEvent('checkout.session.completed', sessionId, String(gift.id)));
    assert.equal(first.json().outcome, 'applied');
    assert.equal((await deliver(checkoutEvent('checkout.session.completed', sessionId, String(gift.id)))).json().outcome, 'duplicate');
    assert.equal((await deliver(checkoutEvent('checkout.session.async_payment_succeeded', sessionId, String(gift.id)))).json().outcome, 'ignored');
    assert.equal((await saleOf(sessionId)).payments.length, 1);
    assert.equal(receiptsTo('webhook-first@example.org'), 1);
    const asked = standIn.requests.length;
    assert.match((await browser.get(receiptPath)).body, /Thank you, Ines Giver/);
    assert.deepEqual(standIn.requests.slice(asked), [], 'a paid gift needs no word from Stripe');
  });

  it('waits on a page that asks again while a slower payment is processing, and moves on to the receipt once it settles', async () => {
    const browser = browserSession(app);
    const { sessionId, receiptPath } = await goToStripe(browser, 'processing@example.org');
    standIn.pay(sessionId, { paymentStatus: 'unpaid' });
    const waiting = await browser.get(receiptPath);
    assert.match(waiting.body, /Confirming your payment/);
    const askAgain = /data-ask-again="([^"]+)"/.exec(waiting.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    assert.match(askAgain, /^\/gift-subscriptions\/receipt\?checkout=[^&]+&since=\d+$/);
    standIn.settle(sessionId);
    const settled = await browser.get(askAgain);
    assert.equal(settled.statusCode, 303);
    assert.equal(pathOf(settled.headers.location), receiptPath);
  });
});
