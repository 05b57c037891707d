import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp } from '../../../../test/app.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { registerReader } from '../../../accounts/register.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';

const webhookSecret = 'whsec_testsecretfordateline';
const now = new Date('2026-11-20T12:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, now);
const app = await buildTestApp(database, { now: () => now, env: { STRIPE_SECRET_KEY: 'sk_test_dateline', STRIPE_WEBHOOK_SECRET: webhookSecret } });
const stripe = new Stripe('sk_test_dateline');

let counter = 0;
/** A reader who has gone to Stripe Checkout for an offer: the checkout Dateline opened for them. */
async function readerAtCheckout(offerSlug = 'trial') {
  counter += 1;
  const account = await registerReader(db, { email: `stripe${counter}@example.org`, name: '', password: 'a long passphrase' }, now);
  const offer = await db.selectFrom('offers').select('id').where('slug', '=', offerSlug).executeTakeFirstOrThrow();
  const checkoutId = `chk_${counter}_${dialect}`;
  await db.insertInto('checkout_sessions').values({ id: checkoutId, account_id: account.id, offer_id: offer.id, provider: 'stripe', provider_session_id: `cs_${counter}`, status: 'open', created_at: now.toISOString(), completed_at: null }).execute();
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
function event(type: string, object: unknown, created: Date, id = `evt_${(eventCounter += 1)}_${dialect}`) {
  return JSON.stringify({ id, object: 'event', type, created: seconds(created), api_version: '2026-10-28.endive', data: { object }, livemode: false, pending_webhooks: 1, request: null });
}

async function deliver(payload: string, { signWith = webhookSecret }: { signWith?: string } = {}) {
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: signWith });
  return app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload });
}

describe(`Stripe's webhook (${dialect})`, () => {
  it('starts the subscription from the checkout when Stripe creates it', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('trial');
    const trialEnd = new Date('2026-12-04T12:00:00Z');
    const response = await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { status: 'trialing', trial_end: seconds(trialEnd), metadata: { checkoutId } }), now));
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
    const count = await db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', account.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  it('ignores an older event that arrives after a newer one', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const t0 = now;
    const t1 = new Date(now.getTime() + 60_000);
    const t2 = new Date(now.getTime() + 120_000);
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), t0));
    await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { cancel_at_period_end: true, metadata: { checkoutId } }), t2));
    const late = await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { status: 'past_due', metadata: { checkoutId } }), t1));
    assert.equal(late.json().outcome, 'stale');
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'canceled');
  });

  it('copes with the update arriving before the creation', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    const updated = await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), new Date(now.getTime() + 60_000)));
    assert.equal(updated.json().outcome, 'applied');
    const created = await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { status: 'incomplete', metadata: { checkoutId } }), now));
    assert.equal(created.json().outcome, 'stale');
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'active');
  });

  it('moves through past due to expired as Stripe reports, and mails the reader', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout('intro');
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now));
    await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { status: 'past_due' }), new Date(now.getTime() + 1000)));
    assert.equal((await findLatestSubscription(db, account.id))?.state.status, 'past_due');
    await deliver(event('customer.subscription.deleted', subscriptionObject(subscriptionId, { status: 'canceled', ended_at: seconds(now) + 2 }), new Date(now.getTime() + 2000)));
    const ended = await findLatestSubscription(db, account.id);
    assert.deepEqual([ended?.state.status, ended?.state.endedFrom], ['expired', 'subscription']);
    const subjects = readdirSync(path.join(database.dataDir, 'outbox'))
      .map((file) => readFileSync(path.join(database.dataDir, 'outbox', file), 'utf8'))
      .filter((mail) => mail.includes(`To: ${account.email}`))
      .map((mail) => mail.match(/^Subject: (.*)$/m)?.[1]);
    assert.ok(subjects.some((subject) => subject?.startsWith('Welcome')));
    assert.ok(subjects.some((subject) => subject?.startsWith('We could not take your payment')));
    assert.ok(subjects.some((subject) => subject?.includes('subscription has ended')));
  });

  it('answers 200 to events it does not act on, and to subscriptions from unknown checkouts', async () => {
    assert.equal((await deliver(event('customer.created', { id: 'cus_1', object: 'customer' }, now))).json().outcome, 'ignored');
    assert.equal((await deliver(event('customer.subscription.created', subscriptionObject('sub_unknown', { metadata: { checkoutId: 'nope' } }), now))).json().outcome, 'ignored');
  });

  it('records, and does not act on, a second checkout by a reader who already subscribes', async () => {
    const { account, checkoutId, subscriptionId } = await readerAtCheckout();
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { metadata: { checkoutId } }), now));
    const secondCheckout = `${checkoutId}_again`;
    const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
    await db.insertInto('checkout_sessions').values({ id: secondCheckout, account_id: account.id, offer_id: offer.id, provider: 'stripe', provider_session_id: `${secondCheckout}_cs`, status: 'open', created_at: now.toISOString(), completed_at: null }).execute();
    const redemptionsBefore = (await db.selectFrom('offers').select('redemption_count').where('id', '=', offer.id).executeTakeFirstOrThrow()).redemption_count;
    const eventId = `evt_second_${dialect}`;
    const second = await deliver(event('customer.subscription.created', subscriptionObject(`${subscriptionId}_again`, { metadata: { checkoutId: secondCheckout } }), now, eventId));
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().outcome, 'ignored');
    assert.equal((await db.selectFrom('subscriptions').select('id').where('account_id', '=', account.id).execute()).length, 1);
    assert.equal((await db.selectFrom('payment_events').select('event_id').where('event_id', '=', eventId).execute()).length, 1, 'the event is recorded, so Stripe does not send it again');
    assert.equal((await db.selectFrom('offers').select('redemption_count').where('id', '=', offer.id).executeTakeFirstOrThrow()).redemption_count, redemptionsBefore, 'the offer is not counted as redeemed');
  });
});
