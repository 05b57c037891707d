import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../../test/browser-session.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { signedInCookie } from '../../../../test/readers.ts';
import { startStripeStandIn } from '../../../../test/stripe-stand-in.ts';
import { saveOffer } from '../../../commerce/catalogue-repository.ts';
import { completeCheckoutIn } from '../../../commerce/checkout.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';

/**
 * A reader who pays at Stripe Checkout comes back to the story in full, with the welcome, whether
 * Stripe's webhook has arrived or not: the return asks Stripe (the real SDK, talking to a stand-in
 * for Stripe's API on a local port) and starts the subscription itself; the webhook that follows
 * finds it started. While Stripe has not settled, or cannot be reached, the reader waits on a page
 * that asks again by itself, never on the paywall. Leaving Stripe's checkout leads back to the
 * offer chosen, with a word that nothing was charged.
 */
let clock = new Date('2026-11-20T17:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const webhookSecret = 'whsec_returnfordateline';
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
await saveOffer(
  db,
  {
    slug: 'monthly',
    planSlug: 'digital',
    headline: 'Digital, monthly',
    copy: '',
    terms: { kind: 'standard' },
    startsAt: null,
    endsAt: null,
    redemptionCap: null,
    isRetired: false,
  },
  clock,
);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium', body: 'Open one.\n\nOpen two.\n\nSUBSCRIBERS-ONLY ending.' }, clock);
const standIn = await startStripeStandIn({ port: Number(process.env.STRIPE_STAND_IN_PORT ?? 0), prefix: dialect });
after(() => standIn.stop().catch(() => {}));
const logLines: string[] = [];
const app = await buildTestApp(database, {
  now: () => clock,
  isCachingPages: false,
  env: { STRIPE_SECRET_KEY: 'sk_test_dateline', STRIPE_WEBHOOK_SECRET: webhookSecret },
  logger: { level: 'warn', stream: { write: (line) => void logLines.push(line) } },
  stripe: standIn.stripe,
});
const welcome = 'Welcome to The Test Gazette — you now have full access';
const signer = new Stripe('sk_test_dateline');

const pathOf = (location: unknown) => {
  const url = new URL(String(location), 'https://news.example');
  assert.equal(url.origin, 'https://news.example', `${String(location)} leaves the site`);
  return `${url.pathname}${url.search}`;
};
const decoded = (html: string) => html.replaceAll('&amp;', '&');
/** Where and how soon the waiting page's script asks again, as the page tells it. */
const askAgainOf = (html: string) => {
  const found = decoded(html).match(/data-ask-again="([^"]+)" data-ask-after="(\d+)"/);
  return found ? { url: found[1] ?? '', after: found[2] ?? '' } : null;
};

/** A signed-in reader, and the e-mail address their mail goes to. */
async function signedInReader(): Promise<{ browser: BrowserSession; accountId: number; email: string }> {
  const { accountId, cookie } = await signedInCookie(db, 'reader', clock);
  const browser = browserSession(app);
  const [name = '', ...value] = cookie.split('=');
  browser.cookies.set(name, value.join('='));
  const { email } = await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
  return { browser, accountId, email };
}

/** From the article's paywall to Stripe: the confirmation page, Continue to payment, and the session Stripe opened. */
async function goToStripe(browser: BrowserSession, offer = 'monthly') {
  const confirmation = await browser.get(`/checkout?offer=${offer}&return=%2Fworld%2Fpremium-piece`);
  assert.equal(confirmation.statusCode, 200);
  const started = await browser.post('/checkout', { offer, return: '/world/premium-piece' });
  assert.equal(started.statusCode, 303);
  const sessionId = String(started.headers.location).split('/').at(-1) ?? '';
  assert.equal(String(started.headers.location), `https://checkout.stripe.com/c/pay/${sessionId}`);
  const session = standIn.sessions.get(sessionId);
  assert.ok(session, 'Stripe holds the session the reader was sent to');
  const successUrl = new URL(session.success_url ?? '');
  const checkoutId = successUrl.searchParams.get('checkout') ?? '';
  return { sessionId, session, checkoutId, successPath: pathOf(session.success_url), cancelPath: pathOf(session.cancel_url) };
}

function subscriptionCreated({
  subscriptionId,
  customerId,
  checkoutId,
  periodEnd,
}: {
  subscriptionId: string;
  customerId: string;
  checkoutId: string;
  periodEnd: Date;
}) {
  return JSON.stringify({
    id: `evt_${subscriptionId}`,
    object: 'event',
    type: 'customer.subscription.created',
    created: seconds(clock),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: null,
    data: {
      object: {
        id: subscriptionId,
        object: 'subscription',
        customer: customerId,
        status: 'active',
        cancel_at_period_end: false,
        trial_end: null,
        ended_at: null,
        metadata: { checkoutId },
        items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: seconds(periodEnd) }] },
      },
    },
  });
}

async function deliver(payload: string) {
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
  return app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload });
}

function welcomeMailsTo(email: string): number {
  const outbox = path.join(database.dataDir, 'outbox');
  if (!existsSync(outbox)) return 0;
  return readdirSync(outbox)
    .map((file) => readFileSync(path.join(outbox, file), 'utf8'))
    .filter((mail) => mail.includes(`To: ${email}`) && /^Subject: Welcome/m.test(mail)).length;
}

async function subscriptionsOf(accountId: number) {
  return db.selectFrom('subscriptions').select(['id', 'provider_subscription_id', 'status']).where('account_id', '=', accountId).execute();
}

/** The story, read after coming back: in full, and welcomed. */
async function assertBackInTheStory(browser: BrowserSession, location: unknown) {
  assert.equal(pathOf(location), '/world/premium-piece?welcome=subscribed');
  const story = await browser.get(pathOf(location));
  assert.match(story.body, /SUBSCRIBERS-ONLY ending/);
  assert.ok(story.body.includes(welcome), 'the one-line welcome');
}

describe(`coming back from Stripe Checkout (${dialect})`, () => {
  it('sends Stripe the addresses to come back to: the return for this checkout, and the offer chosen for leaving', async () => {
    const { browser } = await signedInReader();
    const { session, checkoutId, successPath, cancelPath } = await goToStripe(browser);
    assert.ok(checkoutId.length > 10);
    assert.equal(successPath, `/checkout/done?checkout=${checkoutId}`);
    assert.equal(cancelPath, '/checkout?offer=monthly&return=%2Fworld%2Fpremium-piece&left=1');
    assert.equal(session.client_reference_id, checkoutId);
  });

  it('returns before the webhook: Stripe is asked, the subscription starts, the reader reads on welcomed; the webhook then moves the same subscription', async () => {
    const { browser, accountId, email } = await signedInReader();
    const { sessionId, checkoutId, successPath } = await goToStripe(browser);
    const { subscriptionId, customerId } = standIn.pay(sessionId);
    const asked = standIn.requests.length;
    const back = await browser.get(successPath);
    assert.equal(back.statusCode, 303);
    assert.deepEqual(standIn.requests.slice(asked), [`GET /v1/checkout/sessions/${sessionId}`]);
    await assertBackInTheStory(browser, back.headers.location);
    const started = await findLatestSubscription(db, accountId);
    assert.equal(started?.state.status, 'active');
    assert.equal(started?.providerSubscriptionId, subscriptionId);
    assert.equal(welcomeMailsTo(email), 1);

    const periodEnd = new Date('2026-12-21T09:30:00Z');
    const webhook = await deliver(subscriptionCreated({ subscriptionId, customerId, checkoutId, periodEnd }));
    assert.equal(webhook.statusCode, 200);
    assert.equal(webhook.json().outcome, 'applied');
    const moved = await findLatestSubscription(db, accountId);
    assert.deepEqual(moved?.state.currentPeriodEnd, periodEnd, "Stripe's own period stands");
    assert.deepEqual(
      (await subscriptionsOf(accountId)).map((row) => row.provider_subscription_id),
      [subscriptionId],
      'one subscription',
    );
    assert.equal(welcomeMailsTo(email), 1, 'one welcome');
    const customer = await db.selectFrom('subscriptions').select('provider_customer_id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    assert.equal(customer.provider_customer_id, customerId);

    // Coming back again by the same address (the back button, say) goes straight on.
    const again = await browser.get(successPath);
    assert.equal(pathOf(again.headers.location), '/world/premium-piece?welcome=subscribed');
  });

  it('returns after the webhook: the checkout is complete, Stripe is not asked, the reader reads on welcomed', async () => {
    const { browser, accountId, email } = await signedInReader();
    const { sessionId, checkoutId, successPath } = await goToStripe(browser);
    const { subscriptionId, customerId } = standIn.pay(sessionId);
    const webhook = await deliver(subscriptionCreated({ subscriptionId, customerId, checkoutId, periodEnd: new Date('2026-12-20T17:00:00Z') }));
    assert.equal(webhook.json().outcome, 'applied');
    const asked = standIn.requests.length;
    const back = await browser.get(successPath);
    assert.equal(standIn.requests.length, asked, 'nothing to ask Stripe');
    await assertBackInTheStory(browser, back.headers.location);
    assert.equal((await subscriptionsOf(accountId)).length, 1);
    assert.equal(welcomeMailsTo(email), 1);
  });

  it('settles the race when the webhook comes while the return is starting the subscription', async () => {
    const { browser, accountId, email } = await signedInReader();
    const { sessionId, checkoutId } = await goToStripe(browser);
    const { subscriptionId, customerId } = standIn.pay(sessionId);
    const periodEnd = new Date('2026-12-22T08:00:00Z');
    let webhook: Promise<Awaited<ReturnType<typeof deliver>>> | undefined;
    // The return's transaction holds the checkout while the webhook arrives. On PostgreSQL the
    // webhook has looked for the subscription before it waits on the checkout's row, then finds the
    // checkout completed by the return; SQLite runs one transaction at a time, so there the webhook
    // simply comes after.
    await db.transaction().execute(async (trx) => {
      await completeCheckoutIn(trx, { checkoutId, providerSubscriptionId: subscriptionId, providerCustomerId: customerId, now: clock });
      webhook = deliver(subscriptionCreated({ subscriptionId, customerId, checkoutId, periodEnd }));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const answered = await webhook;
    assert.equal(answered?.statusCode, 200);
    assert.equal(answered?.json().outcome, 'applied');
    assert.deepEqual((await findLatestSubscription(db, accountId))?.state.currentPeriodEnd, periodEnd, "the webhook's state is applied, not dropped");
    assert.equal((await subscriptionsOf(accountId)).length, 1);
    assert.equal(welcomeMailsTo(email), 0, "the welcome is the return's to send, which this test played without its mail");
  });

  it('waits on a page of its own while Stripe has not settled the payment, says so after a minute, and goes on once it has', async () => {
    const { browser, accountId } = await signedInReader();
    const { sessionId, successPath } = await goToStripe(browser);
    standIn.pay(sessionId, { paymentStatus: 'unpaid' });
    const waiting = await browser.get(successPath);
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.headers['cache-control'] ?? '', /no-store/);
    assert.match(waiting.body, /<title>Payment received — confirming your subscription \| The Test Gazette<\/title>/);
    assert.match(waiting.body, /<meta name="robots" content="noindex, follow">/);
    const askAgain = askAgainOf(waiting.body);
    assert.ok(askAgain, 'the page asks again by itself');
    assert.equal(askAgain.after, '3');
    const since = seconds(clock);
    assert.equal(askAgain.url, `${successPath}&since=${since}`);
    assert.match(
      decoded(waiting.body),
      new RegExp(`<a class="[^"]*" href="${successPath.replace('?', '\\?')}&since=${since}">Check again</a>`),
      'a reader without script asks by hand',
    );
    assert.doesNotMatch(waiting.body, /http-equiv="refresh"/, 'no timed refresh of the whole page');
    assert.match(waiting.body, /<a href="\/world\/premium-piece">Back to the article<\/a>/);
    assert.match(waiting.body, /<a href="\/account">Your account<\/a>/);
    assert.doesNotMatch(waiting.body, /taking longer than usual/);
    assert.doesNotMatch(waiting.body, /SUBSCRIBERS-ONLY|Open one/, 'no paywall, no story');
    assert.equal(await findLatestSubscription(db, accountId), undefined);

    clock = new Date(clock.getTime() + 70_000);
    try {
      const later = await browser.get(askAgain.url);
      assert.equal(later.statusCode, 200);
      assert.match(later.body, /taking longer than usual/);
      assert.match(later.body, /confirmation e-mail/);
      assert.deepEqual(askAgainOf(later.body), { url: `${successPath}&since=${since}`, after: '15' }, 'the wait is counted from the first arrival');

      standIn.settle(sessionId);
      const settled = await browser.get(askAgain.url);
      assert.equal(settled.statusCode, 303);
      await assertBackInTheStory(browser, settled.headers.location);
    } finally {
      clock = new Date(clock.getTime() - 70_000);
    }
  });

  it('waits, and never answers 500, while Stripe cannot be reached, and goes on once it can', async () => {
    const { browser } = await signedInReader();
    const { sessionId, successPath } = await goToStripe(browser);
    standIn.pay(sessionId);
    const linesBefore = logLines.length;
    await standIn.stop();
    let waiting: Awaited<ReturnType<BrowserSession['get']>>;
    try {
      waiting = await browser.get(successPath);
    } finally {
      await standIn.start();
    }
    assert.equal(waiting.statusCode, 200, waiting.body.slice(0, 300));
    assert.match(waiting.body, /Confirming your subscription/);
    assert.doesNotMatch(waiting.body, /SUBSCRIBERS-ONLY/);
    const warnings = logLines.slice(linesBefore).filter((line) => line.includes('Checkout return not confirmed by the payment provider'));
    assert.equal(warnings.length, 1, 'the operator hears of it');
    const again = askAgainOf(waiting.body)?.url ?? '';
    await assertBackInTheStory(browser, (await browser.get(again)).headers.location);
  });

  it("finds no checkout at another reader's return address, and does not ask Stripe about it", async () => {
    const { browser } = await signedInReader();
    const { sessionId, successPath } = await goToStripe(browser);
    standIn.pay(sessionId);
    const { browser: other } = await signedInReader();
    const asked = standIn.requests.length;
    const elsewhere = await other.get(successPath);
    assert.equal(elsewhere.statusCode, 404);
    assert.doesNotMatch(elsewhere.body, /premium-piece/);
    assert.equal(standIn.requests.length, asked);
    assert.equal((await browser.get(successPath)).statusCode, 303, 'its own reader still comes back');
  });

  it("brings a reader who leaves Stripe's checkout back to the offer chosen, saying nothing was charged, with the way back to the story", async () => {
    const { browser, accountId } = await signedInReader();
    const { cancelPath, successPath } = await goToStripe(browser);
    const left = await browser.get(cancelPath);
    assert.equal(left.statusCode, 200);
    assert.match(left.body, /You left checkout; nothing was charged\./);
    assert.match(left.body, /Digital, monthly/);
    assert.match(left.body, /Continue to payment/);
    assert.match(left.body, /<input type="hidden" name="return" value="\/world\/premium-piece">/);
    assert.match(left.body, /<a href="\/world\/premium-piece">Back to the article<\/a>/);
    assert.doesNotMatch((await browser.get('/checkout?offer=monthly&return=%2Fworld%2Fpremium-piece')).body, /nothing was charged/, 'said only on leaving');
    // Coming to the return address without having paid leads to the same place.
    const unpaid = await browser.get(successPath);
    assert.equal(pathOf(unpaid.headers.location), cancelPath);
    assert.equal(await findLatestSubscription(db, accountId), undefined);
  });
});
