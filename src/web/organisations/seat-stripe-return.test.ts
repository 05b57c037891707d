import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { lastMailTo } from '../../../test/outbox.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { startStripeStandIn } from '../../../test/stripe-stand-in.ts';
import { organisationPaths } from './organisation-paths.ts';

/**
 * A company's buyer who pays for seats at Stripe Checkout comes back to their organisation made,
 * whether Stripe's webhook has arrived or not: the return asks Stripe (the real SDK, talking to a
 * stand-in for Stripe's API on a local port) and makes it; the webhook that follows finds it made.
 * Until Stripe says it is paid the buyer waits on a page that asks again; leaving Checkout leads
 * back to the order, with a word that nothing was paid.
 */
const clock = new Date('2026-11-20T17:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const webhookSecret = 'whsec_seatreturnfordateline';
const database = await openTestDatabase();
const { db, dialect } = database;
await seedPublication(db, clock);
await seedCatalogue(db, clock);
const standIn = await startStripeStandIn({ prefix: `seats_${dialect}` });
after(() => standIn.stop().catch(() => {}));
const app = await buildTestApp(database, {
  now: () => clock,
  isCachingPages: false,
  env: { STRIPE_SECRET_KEY: 'sk_test_dateline', STRIPE_WEBHOOK_SECRET: webhookSecret },
  stripe: standIn.stripe,
});
const signer = new Stripe('sk_test_dateline');

async function buyer(): Promise<{ browser: BrowserSession; accountId: number; email: string }> {
  const { accountId, cookie } = await signedInCookie(db, 'reader', clock);
  const browser = browserSession(app);
  const [name = '', ...value] = cookie.split('=');
  browser.cookies.set(name, value.join('='));
  const { email } = await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
  return { browser, accountId, email };
}

const pathOf = (address: string | null) => {
  const url = new URL(address ?? '', 'https://news.example');
  assert.equal(url.origin, 'https://news.example', `${address} leaves the site`);
  return `${url.pathname}${url.search}`;
};

/** The order form, Continue to payment, and the Checkout Session Stripe opened for the seats. */
async function goToStripe(browser: BrowserSession, organisationName: string) {
  await browser.get(organisationPaths.buy);
  const started = await browser.post(organisationPaths.buy, { organisationName, plan: 'digital', seats: '5', step: 'pay' });
  assert.equal(started.statusCode, 303, started.body);
  const sessionId = String(started.headers.location).split('/').at(-1) ?? '';
  const session = standIn.sessions.get(sessionId);
  assert.ok(session, 'Stripe holds the session the buyer was sent to');
  const form = standIn.sessionForms.get(sessionId);
  return { sessionId, session, form, successPath: pathOf(session.success_url), cancelPath: pathOf(session.cancel_url) };
}

const organisationsNamed = async (name: string) => db.selectFrom('organisations').select('id').where('name', '=', name).execute();

describe(`returning from Stripe Checkout with a company's seats (${dialect})`, () => {
  it('sells the seats as the quantity of a price for the plan, and names the seat checkout on the subscription', async () => {
    const { browser } = await buyer();
    const { form } = await goToStripe(browser, 'Tidewater Press');
    assert.equal(form?.get('mode'), 'subscription');
    assert.equal(form?.get('line_items[0][quantity]'), '5');
    assert.match(form?.get('line_items[0][price]') ?? '', /^price_/);
    assert.match(form?.get('subscription_data[metadata][seatCheckoutId]') ?? '', /.+/);
  });

  it('has the buyer wait while the payment settles, then makes the organisation on their return and mails the receipt; the webhook after it makes nothing more', async () => {
    const { browser, accountId, email } = await buyer();
    const { sessionId, successPath } = await goToStripe(browser, 'Lantern Analytics');

    // Paid by a method that settles later: Checkout is complete, the payment not yet.
    const { subscriptionId, customerId } = standIn.pay(sessionId, { paymentStatus: 'unpaid' });
    const early = await browser.get(successPath);
    assert.equal(early.statusCode, 200);
    assert.match(early.body, /setting up your organisation/);
    assert.deepEqual(await organisationsNamed('Lantern Analytics'), []);

    standIn.settle(sessionId);
    const back = await browser.get(successPath);
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `${organisationPaths.page}?changed=bought`);
    const [made] = await organisationsNamed('Lantern Analytics');
    assert.ok(made, 'the return made the organisation');
    const subscription = await db
      .selectFrom('organisation_subscriptions')
      .select(['provider_subscription_id', 'provider_customer_id', 'buyer_account_id'])
      .where('organisation_id', '=', made.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...subscription }, { provider_subscription_id: subscriptionId, provider_customer_id: customerId, buyer_account_id: accountId });
    assert.match(lastMailTo(database.dataDir, email), /Subject: Your receipt from The Test Gazette: 5 seats for Lantern Analytics/);

    const checkoutId = new URL(successPath, 'https://news.example').searchParams.get('checkout') ?? '';
    const payload = JSON.stringify({
      id: `evt_${subscriptionId}`,
      object: 'event',
      type: 'customer.subscription.created',
      created: seconds(clock),
      livemode: false,
      data: {
        object: {
          id: subscriptionId,
          object: 'subscription',
          customer: customerId,
          status: 'active',
          cancel_at_period_end: false,
          trial_end: null,
          ended_at: null,
          metadata: { seatCheckoutId: checkoutId },
          items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: seconds(new Date('2026-12-20T17:00:00Z')), quantity: 5 }] },
        },
      },
    });
    const delivered = await app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) },
      payload,
    });
    assert.equal(delivered.statusCode, 200, delivered.body);
    assert.equal((await organisationsNamed('Lantern Analytics')).length, 1);
    const contract = await db
      .selectFrom('organisation_contracts')
      .select(['seats', 'ends_at'])
      .where('organisation_id', '=', made.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...contract }, { seats: 5, ends_at: '2026-12-20T17:00:00.000Z' }, "the webhook gives the contract Stripe's own period end");

    const again = await browser.get(successPath);
    assert.equal(again.headers.location, `${organisationPaths.page}?changed=bought`, 'the return, opened again, leads to the organisation');
  });

  it('leads a buyer who left Checkout, or came back to it unpaid, to the order, nothing paid, and answers a stranger holding the address with not found', async () => {
    const { browser } = await buyer();
    const { cancelPath, successPath } = await goToStripe(browser, 'Breakwater Labs');
    const left = await browser.get(cancelPath);
    assert.equal(left.statusCode, 200);
    assert.match(left.body, /Nothing was paid/);
    assert.equal((await browser.get(successPath)).headers.location, `${organisationPaths.buy}?left=1`, 'a session still open was never paid');
    const stranger = await buyer();
    assert.equal((await stranger.browser.get(successPath)).statusCode, 404);
    assert.deepEqual(await organisationsNamed('Breakwater Labs'), []);
  });
});
