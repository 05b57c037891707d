import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp, offlineResolver } from '../../../../test/app.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { registerReader } from '../../../accounts/register.ts';
import { choosePaymentProvider } from '../../../commerce/payment-provider-choice.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { loadConfig } from '../../../config/config.ts';
import { buildApp } from '../../../server.ts';

const webhookSecret = 'whsec_testsecretfordateline';
const now = new Date('2026-11-20T12:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, now);
const stripeEnv = { STRIPE_SECRET_KEY: 'sk_test_dateline', STRIPE_WEBHOOK_SECRET: webhookSecret };
/** Everything the app logs, kept to read what it said of each event. */
const logLines: string[] = [];
const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/', ...stripeEnv }, process.cwd());
const app = await buildApp({
  config,
  db,
  dialect,
  now: () => now,
  logger: { level: 'info', stream: { write: (line) => void logLines.push(line) } },
  resolver: offlineResolver,
  paymentProvider: choosePaymentProvider(config, db),
});
const stripe = new Stripe('sk_test_dateline');

let counter = 0;
/** A reader who has gone to Stripe Checkout for an offer: the checkout Dateline opened for them. */
async function readerAtCheckout(offerSlug = 'trial') {
  counter += 1;
  const account = await registerReader(db, { email: `stripe${counter}@example.org`, name: '', password: 'a long passphrase' }, now);
  const offer = await db.selectFrom('offers').select('id').where('slug', '=', offerSlug).executeTakeFirstOrThrow();
  const checkoutId = `chk_${counter}_${dialect}`;
  await db
    .insertInto('checkout_sessions')
    .values({
      id: checkoutId,
      account_id: account.id,
      offer_id: offer.id,
      provider: 'stripe',
      provider_session_id: `cs_${counter}`,
      status: 'open',
      created_at: now.toISOString(),
      completed_at: null,
    })
    .execute();
  return { account, checkoutId, subscriptionId: `sub_${counter}_${dialect}` };
}

function subscriptionObject(id: string, fields: Record<string, unknown>) {
  return {
    id,
    object: 'subscription',
    customer: 'cus_123',
    status: 'active',
    cancel_at_period_end: false,
    trial_end: null,
    ended_at: null,
    metadata: {},
    items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: seconds(new Date('2026-12-20T12:00:00Z')) }] },
    ...fields,
  };
}

let eventCounter = 0;
function event(type: string, object: unknown, created: Date, id = `evt_${++eventCounter}_${dialect}`) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    created: seconds(created),
    api_version: '2026-10-28.endive',
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: null,
  });
}

async function deliver(payload: string, { signWith = webhookSecret, to = app }: { signWith?: string; to?: typeof app } = {}) {
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: signWith });
  return to.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload });
}

describe(`Stripe's webhook (${dialect})`, () => {
  it('starts the subscription from the checkout when Stripe creates it', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('trial');
    const trialEnd = new Date('2026-12-04T12:00:00Z');
    const response = await deliver(
      event(
        'customer.subscription.created',
        subscriptionObject(subscriptionId, { status: 'trialing', trial_end: seconds(trialEnd), metadata: { checkoutId } }),
        now,
      ),
    );
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().outcome, 'applied');
    const subscription = await findLatestSubscription(db, account.id);
    assert.equal(subscription?.state.status, 'trialing');
    assert.deepEqual(subscription?.state.trialEnd, trialEnd);
    assert.equal(subscription?.providerSubscriptionId, subscriptionId);
  });

  it('refuses a bad signature with 400 and changes nothing', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout();
    const payload = event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now);
    assert.equal((await deliver(payload, { signWith: 'whsec_someoneelse' })).statusCode, 400);
    const unsigned = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json' }, payload });
    assert.equal(unsigned.statusCode, 400);
    const tampered = await app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) },
      payload: payload.replace('"active"', '"trialing"'),
    });
    assert.equal(tampered.statusCode, 400);
    assert.equal(await findLatestSubscription(db, account.id), undefined);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const created = event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now);
    assert.equal((await deliver(created)).json().outcome, 'applied');
    const before = await findLatestSubscription(db, account.id);
    const replay = await deliver(created);
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.json().outcome, 'duplicate');
    assert.deepEqual(await findLatestSubscription(db, account.id), before);
    const count = await db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  it('ignores an older event that arrives after a newer one', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const t0 = now;
    const t1 = new Date(now.getTime() + 60_000);
    const t2 = new Date(now.getTime() + 120_000);
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), t0));
    await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { cancel_at_period_end: true, metadata: { checkoutId } }), t2));
    const late = await deliver(
      event('customer.subscription.updated', subscriptionObject(subscriptionId, { status: 'past_due', metadata: { checkoutId } }), t1),
    );
    assert.equal(late.json().outcome, 'stale');
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'canceled');
  });

  it('moves the subscription to the plan its new price names, and keeps it on its plan for a price that names none or an unknown one', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const digital = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
    const print = await db.selectFrom('plans').select('id').where('slug', '=', 'old-print').executeTakeFirstOrThrow();
    const priced = (price: unknown) => ({
      metadata: { checkoutId },
      items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: seconds(new Date('2026-12-20T12:00:00Z')), price }] },
    });
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, priced({ id: 'price_checkout', metadata: {} })), now));
    assert.equal((await findLatestSubscription(db, account.id))?.planId, digital.id);
    const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    const moved = await deliver(
      event(
        'customer.subscription.updated',
        subscriptionObject(subscriptionId, priced({ id: 'price_print', metadata: { datelinePlanId: String(print.id) } })),
        later(1),
      ),
    );
    assert.equal(moved.json().outcome, 'applied');
    assert.equal((await findLatestSubscription(db, account.id))?.planId, print.id);
    await deliver(
      event(
        'customer.subscription.updated',
        subscriptionObject(subscriptionId, priced({ id: 'price_gone', metadata: { datelinePlanId: '999999' } })),
        later(2),
      ),
    );
    assert.equal((await findLatestSubscription(db, account.id))?.planId, print.id);
  });

  it('copes with the update arriving before the creation', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const updated = await deliver(
      event('customer.subscription.updated', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), new Date(now.getTime() + 60_000)),
    );
    assert.equal(updated.json().outcome, 'applied');
    const created = await deliver(
      event('customer.subscription.created', subscriptionObject(subscriptionId, { status: 'incomplete', metadata: { checkoutId } }), now),
    );
    assert.equal(created.json().outcome, 'stale');
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'active');
  });

  it('moves through past due to expired as Stripe reports, and mails the reader (the dunning job writes of the failure)', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now));
    await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { status: 'past_due' }), new Date(now.getTime() + 1000)));
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'past_due');
    await deliver(
      event(
        'customer.subscription.deleted',
        subscriptionObject(subscriptionId, { status: 'canceled', ended_at: seconds(now) + 2 }),
        new Date(now.getTime() + 2000),
      ),
    );
    const ended = await findLatestSubscription(db, account.id);
    assert.deepEqual([ended?.state.status, ended?.state.endedFrom], ['expired', 'subscription']);
    const subjects = readdirSync(path.join(database.dataDir, 'outbox'))
      .map((file) => readFileSync(path.join(database.dataDir, 'outbox', file), 'utf8'))
      .filter((mail) => mail.includes(`To: ${account.email}`))
      .map((mail) => mail.match(/^Subject: (.*)$/m)?.[1]);
    assert.ok(subjects.some((subject) => subject?.startsWith('Welcome')));
    assert.ok(subjects.some((subject) => subject?.includes('subscription has ended')));
  });

  it('writes each paid invoice and each failed try to the ledger once, however often Stripe sends it', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now));
    const invoice = (fields: Record<string, unknown>) => ({
      object: 'invoice',
      id: `in_${subscriptionId}`,
      currency: 'usd',
      amount_paid: 0,
      amount_due: 1500,
      attempt_count: 1,
      parent: { subscription_details: { subscription: subscriptionId } },
      ...fields,
    });
    const firstTry = event('invoice.payment_failed', invoice({}), now);
    assert.equal((await deliver(firstTry)).json().outcome, 'applied');
    assert.equal((await deliver(firstTry)).json().outcome, 'duplicate');
    await deliver(event('invoice.payment_failed', invoice({ attempt_count: 2 }), new Date(now.getTime() + 1000)));
    await deliver(event('invoice.paid', invoice({ attempt_count: 3, amount_paid: 1500, amount_due: 1500 }), new Date(now.getTime() + 2000)));
    // Stripe sends an event again under a new id now and then: the invoice's own id keeps it one line.
    await deliver(event('invoice.paid', invoice({ attempt_count: 3, amount_paid: 1500, amount_due: 1500 }), new Date(now.getTime() + 3000)));
    const lines = await db
      .selectFrom('payments')
      .select(['provider', 'provider_payment_id', 'status', 'amount_minor', 'currency', 'occurred_at'])
      .where('account_id', '=', account.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      lines.map((line) => ({ ...line })),
      [
        {
          provider: 'stripe',
          provider_payment_id: `in_${subscriptionId}/attempt-1`,
          status: 'failed',
          amount_minor: 1500,
          currency: 'USD',
          occurred_at: now.toISOString(),
        },
        {
          provider: 'stripe',
          provider_payment_id: `in_${subscriptionId}/attempt-2`,
          status: 'failed',
          amount_minor: 1500,
          currency: 'USD',
          occurred_at: new Date(now.getTime() + 1000).toISOString(),
        },
        {
          provider: 'stripe',
          provider_payment_id: `in_${subscriptionId}`,
          status: 'succeeded',
          amount_minor: 1500,
          currency: 'USD',
          occurred_at: new Date(now.getTime() + 2000).toISOString(),
        },
      ],
    );
  });

  it("keeps the customer's card and its expiry, and has Stripe send it again while the customer is not yet known", async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const customer = `cus_card_${subscriptionId}`;
    const card = (expMonth: number) => ({
      object: 'payment_method',
      id: `pm_${subscriptionId}`,
      customer,
      card: { last4: '4444', exp_month: expMonth, exp_year: 2027 },
    });
    const early = event('payment_method.attached', card(3), now);
    assert.equal((await deliver(early)).statusCode, 500);
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { customer, metadata: { checkoutId } }), now));
    assert.equal((await deliver(early)).json().outcome, 'applied');
    await deliver(event('payment_method.automatically_updated', card(9), new Date(now.getTime() + 1000)));
    const kept = await db.selectFrom('payment_cards').selectAll().where('account_id', '=', account.id).executeTakeFirst();
    assert.deepEqual([kept?.provider, kept?.card_last4, kept?.expiry_month, kept?.expiry_year], ['stripe', '4444', 9, 2027]);
    const notACard = event('payment_method.attached', { object: 'payment_method', customer, card: null }, now);
    assert.equal((await deliver(notACard)).json().outcome, 'ignored');
  });

  it('answers 200 to events it does not act on, and to subscriptions from unknown checkouts', async () => {
    assert.equal((await deliver(event('customer.created', { id: 'cus_1', object: 'customer' }, now))).json().outcome, 'ignored');
    assert.equal(
      (await deliver(event('customer.subscription.created', subscriptionObject('sub_unknown', { metadata: { checkoutId: 'nope' } }), now))).json().outcome,
      'ignored',
    );
  });

  it('records, and does not act on, a second checkout by a reader who already subscribes', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout();
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now));
    const secondCheckout = `${checkoutId}_again`;
    const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
    await db
      .insertInto('checkout_sessions')
      .values({
        id: secondCheckout,
        account_id: account.id,
        offer_id: offer.id,
        provider: 'stripe',
        provider_session_id: `${secondCheckout}_cs`,
        status: 'open',
        created_at: now.toISOString(),
        completed_at: null,
      })
      .execute();
    const redemptionsBefore = (await db.selectFrom('offers').select('redemption_count').where('id', '=', offer.id).executeTakeFirstOrThrow()).redemption_count;
    const eventId = `evt_second_${dialect}`;
    const second = await deliver(
      event('customer.subscription.created', subscriptionObject(`${subscriptionId}_again`, { metadata: { checkoutId: secondCheckout } }), now, eventId),
    );
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().outcome, 'ignored');
    assert.equal((await db.selectFrom('subscriptions').select('id').where('account_id', '=', account.id).execute()).length, 1);
    assert.equal(
      (await db.selectFrom('payment_events').select('event_id').where('event_id', '=', eventId).execute()).length,
      1,
      'the event is recorded, so Stripe does not send it again',
    );
    assert.equal(
      (await db.selectFrom('offers').select('redemption_count').where('id', '=', offer.id).executeTakeFirstOrThrow()).redemption_count,
      redemptionsBefore,
      'the offer is not counted as redeemed',
    );
  });

  describe("a signed event that is not what Stripe's API describes", () => {
    const malformed: [string, string, RegExp][] = [
      [
        'with no data',
        JSON.stringify({ id: `evt_nodata_${dialect}`, object: 'event', type: 'customer.subscription.created', created: seconds(now) }),
        /event\.data is missing/,
      ],
      [
        'with no id',
        JSON.stringify({ object: 'event', type: 'customer.subscription.created', created: seconds(now), data: { object: subscriptionObject('sub_x', {}) } }),
        /event\.id is missing/,
      ],
      [
        'with a created time that is not a number',
        event('customer.subscription.created', subscriptionObject('sub_x', {}), now).replace(/"created":\d+/, '"created":"today"'),
        /event\.created /,
      ],
      [
        'with a created time past the year 9999',
        event('customer.subscription.created', subscriptionObject('sub_x', {}), now).replace(/"created":\d+/, '"created":1e15'),
        /event\.created /,
      ],
      [
        'with a subscription status Stripe does not have',
        event('customer.subscription.updated', subscriptionObject('sub_x', { status: 'on_holiday' }), now),
        /data\.object\.status must be one of/,
      ],
      [
        'with a subscription missing its status',
        event('customer.subscription.updated', subscriptionObject('sub_x', { status: undefined }), now),
        /data\.object\.status is missing/,
      ],
      ['with a subscription id that is a number', event('customer.subscription.updated', subscriptionObject('sub_x', { id: 42 }), now), /data\.object\.id /],
      [
        'with a period end that is text',
        event('customer.subscription.updated', subscriptionObject('sub_x', { items: { data: [{ current_period_end: 'soon' }] } }), now),
        /current_period_end /,
      ],
      [
        'with an invoice amount that is text',
        event('invoice.paid', { object: 'invoice', id: 'in_1', currency: 'usd', amount_paid: '9.00', amount_due: 900, attempt_count: 1 }, now),
        /data\.object\.amount_paid /,
      ],
      [
        'with a null character in its id, which PostgreSQL cannot store',
        event('customer.subscription.updated', subscriptionObject('sub_x', {}), now, `evt_null_\u0000_${dialect}`),
        /event\.id /,
      ],
      ['nested 5,000 levels deep', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, /event must be object/],
      ['that is not JSON', '{"id": "evt_cut', /not JSON/],
    ];
    for (const [what, payload, problem] of malformed) {
      it(`${what}: answers 400 naming the problem, logs one line with the event's id and no stack, records nothing`, async () => {
        const linesBefore = logLines.length;
        const eventsBefore = (await db.selectFrom('payment_events').select('event_id').execute()).length;
        const response = await deliver(payload);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(response.json().error, problem);
        const lines = logLines
          .slice(linesBefore)
          .map((line): { level: number; msg: string; eventId?: string; problem?: string; err?: unknown } => JSON.parse(line));
        const refusals = lines.filter((line) => line.msg.startsWith('Stripe event refused as malformed'));
        assert.equal(refusals.length, 1, 'one line says why the event was refused');
        const [refusal] = refusals;
        if (payload.startsWith('{"id":"evt_')) assert.equal(refusal?.eventId, JSON.parse(payload).id, 'the line names the event');
        assert.match(`${refusal?.msg} ${refusal?.problem ?? ''}`, problem);
        assert.deepEqual(
          lines.filter((line) => line.level >= 50 || line.err !== undefined),
          [],
          'no error line and no stack',
        );
        assert.equal((await db.selectFrom('payment_events').select('event_id').execute()).length, eventsBefore, 'the refused event is not recorded');
      });
    }
  });

  it('still answers 500 to a valid event that fails for a passing reason, so that Stripe retries it', async () => {
    const downDatabase = await openTestDatabase();
    const downApp = await buildTestApp(downDatabase, { now: () => now, env: stripeEnv });
    await downDatabase.close();
    const response = await deliver(event('customer.subscription.created', subscriptionObject('sub_down', { metadata: { checkoutId: 'chk_down' } }), now), {
      to: downApp,
    });
    assert.equal(response.statusCode, 500);
    await downApp.close();
  });
});
