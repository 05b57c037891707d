import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp } from '../../../test/app.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { lastMailTo } from '../../../test/outbox.ts';
import { registerReader } from '../../accounts/register.ts';

const webhookSecret = 'whsec_testsecretfordateline';
const now = new Date('2026-11-20T12:00:00Z');
const day = 24 * 60 * 60 * 1000;
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, now);
const app = await buildTestApp(database, {
  now: () => now,
  isCachingPages: false,
  env: { STRIPE_SECRET_KEY: 'sk_test_dateline', STRIPE_WEBHOOK_SECRET: webhookSecret },
});
const stripe = new Stripe('sk_test_dateline');

let counter = 0;
/** A reader who has gone to Stripe Checkout for seats: the seat checkout Dateline opened for them. */
async function buyerAtCheckout(seats: number) {
  counter += 1;
  const account = await registerReader(db, { email: `seats${counter}@example.org`, name: '', password: 'a long passphrase' }, now);
  const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
  const checkoutId = `seats_${counter}_${dialect}`;
  await db
    .insertInto('seat_checkouts')
    .values({
      id: checkoutId,
      account_id: account.id,
      plan_id: plan.id,
      organisation_name: `Stripe Works ${counter}`,
      seats,
      provider: 'stripe',
      provider_session_id: `cs_seats_${counter}`,
      status: 'open',
      organisation_id: null,
      created_at: now.toISOString(),
      completed_at: null,
    })
    .execute();
  return { account, checkoutId, subscriptionId: `sub_seats_${counter}_${dialect}`, name: `Stripe Works ${counter}` };
}

function subscriptionObject(id: string, { quantity, periodEnd, ...fields }: { quantity: number; periodEnd: Date } & Record<string, unknown>) {
  return {
    id,
    object: 'subscription',
    customer: `cus_${id}`,
    status: 'active',
    cancel_at_period_end: false,
    trial_end: null,
    ended_at: null,
    metadata: {},
    items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: seconds(periodEnd), quantity }] },
    ...fields,
  };
}

let eventCounter = 0;
function event(type: string, object: unknown, created: Date) {
  eventCounter += 1;
  return JSON.stringify({ id: `evt_seats_${eventCounter}_${dialect}`, object: 'event', type, created: seconds(created), data: { object }, livemode: false });
}

async function deliver(payload: string) {
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
  const response = await app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    payload,
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().outcome;
}

async function contractOf(name: string) {
  const row = await db
    .selectFrom('organisations')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisations.id')
    .innerJoin('organisation_subscriptions', 'organisation_subscriptions.organisation_id', 'organisations.id')
    .select(['organisations.id', 'organisation_contracts.seats', 'organisation_contracts.ends_at', 'organisation_subscriptions.status'])
    .where('organisations.name', '=', name)
    .executeTakeFirstOrThrow();
  return { ...row };
}

const periodEnd = new Date('2026-12-20T12:00:00Z');

describe(`Stripe's webhook for a company's seats (${dialect})`, () => {
  it('makes the organisation from the seat checkout when Stripe creates the subscription, with the buyer as its manager holding a seat', async () => {
    const { account, checkoutId, subscriptionId, name } = await buyerAtCheckout(3);
    const created = subscriptionObject(subscriptionId, { quantity: 3, periodEnd, metadata: { seatCheckoutId: checkoutId } });
    assert.equal(await deliver(event('customer.subscription.created', created, now)), 'applied');
    const contract = await contractOf(name);
    assert.deepEqual(
      { seats: contract.seats, endsAt: contract.ends_at, status: contract.status },
      { seats: 3, endsAt: periodEnd.toISOString(), status: 'active' },
    );
    const manager = await db.selectFrom('organisation_managers').select('account_id').where('organisation_id', '=', contract.id).executeTakeFirst();
    assert.equal(manager?.account_id, account.id);
    const seat = await db.selectFrom('organisation_members').select('joined_by').where('account_id', '=', account.id).executeTakeFirst();
    assert.equal(seat?.joined_by, 'purchase');
    assert.equal(
      await db.selectFrom('subscriptions').select('id').where('account_id', '=', account.id).executeTakeFirst(),
      undefined,
      "no subscription of the buyer's own",
    );
    assert.match(lastMailTo(database.dataDir, account.email), new RegExp(`Subject: Your receipt from .+: 3 seats for ${name}`));
    // Delivered again under another id (Stripe's "created" and the return both name it), it makes nothing more.
    assert.equal(await deliver(event('customer.subscription.updated', created, now)), 'applied');
    assert.equal((await db.selectFrom('organisations').select('id').where('name', '=', name).execute()).length, 1);
  });

  it('makes the organisation from a first event whose period has already ended, its contract ending a moment after it starts', async () => {
    const { checkoutId, subscriptionId, name } = await buyerAtCheckout(3);
    const created = subscriptionObject(subscriptionId, { quantity: 3, periodEnd: new Date(0), metadata: { seatCheckoutId: checkoutId } });
    assert.equal(await deliver(event('customer.subscription.created', created, now)), 'applied');
    const contract = await contractOf(name);
    assert.equal(contract.ends_at, new Date(now.getTime() + 1000).toISOString());
  });

  it('keeps the contract in step: seats and the period from updates, the invoices under the buyer, the end from deletion', async () => {
    const { account, checkoutId, subscriptionId, name } = await buyerAtCheckout(3);
    const first = { metadata: { seatCheckoutId: checkoutId } };
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { quantity: 3, periodEnd, ...first }), now));
    const renewedEnd = new Date('2027-01-20T12:00:00Z');
    const renewedAt = new Date(periodEnd.getTime() + 1000);
    await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { quantity: 5, periodEnd: renewedEnd, ...first }), renewedAt));
    const renewed = await contractOf(name);
    assert.deepEqual(
      { seats: renewed.seats, endsAt: renewed.ends_at, status: renewed.status },
      { seats: 5, endsAt: renewedEnd.toISOString(), status: 'active' },
    );
    const invoice = {
      object: 'invoice',
      id: `in_${subscriptionId}`,
      currency: 'usd',
      amount_paid: 7500,
      amount_due: 7500,
      attempt_count: 1,
      parent: { subscription_details: { subscription: subscriptionId } },
    };
    assert.equal(await deliver(event('invoice.paid', invoice, renewedAt)), 'applied');
    const payments = await db.selectFrom('payments').select(['amount_minor', 'subscription_id', 'status']).where('account_id', '=', account.id).execute();
    assert.deepEqual(
      payments.map((row) => ({ ...row })),
      [{ amount_minor: 7500, subscription_id: null, status: 'succeeded' }],
    );
    // An event older than the last applied changes nothing.
    assert.equal(await deliver(event('customer.subscription.updated', subscriptionObject(subscriptionId, { quantity: 2, periodEnd, ...first }), now)), 'stale');
    assert.equal((await contractOf(name)).seats, 5);
    const endedAt = new Date(renewedEnd.getTime() - 10 * day);
    const deleted = subscriptionObject(subscriptionId, { quantity: 5, periodEnd: renewedEnd, status: 'canceled', ended_at: seconds(endedAt), ...first });
    await deliver(event('customer.subscription.deleted', deleted, endedAt));
    const ended = await contractOf(name);
    assert.deepEqual(
      { status: ended.status, endsAt: ended.ends_at },
      { status: 'ended', endsAt: renewedEnd.toISOString() },
      'paid through, it ends at the period end',
    );
  });

  it('keeps the members reading through the grace period while an unpaid renewal is tried again', async () => {
    const { checkoutId, subscriptionId, name } = await buyerAtCheckout(2);
    const first = { metadata: { seatCheckoutId: checkoutId } };
    await deliver(event('customer.subscription.created', subscriptionObject(subscriptionId, { quantity: 2, periodEnd, ...first }), now));
    const failedAt = new Date(periodEnd.getTime() + 60_000);
    await deliver(
      event('customer.subscription.updated', subscriptionObject(subscriptionId, { quantity: 2, periodEnd, status: 'past_due', ...first }), failedAt),
    );
    const contract = await contractOf(name);
    // The default grace period is 7 days (commerce-settings.ts).
    assert.deepEqual(
      { status: contract.status, endsAt: contract.ends_at },
      { status: 'past_due', endsAt: new Date(failedAt.getTime() + 7 * day).toISOString() },
    );
  });
});
