import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Account } from '../accounts/account.ts';
import { findAccountRowById, insertAccount, toAccount } from '../accounts/account-repository.ts';
import { confirmEmailChange } from '../accounts/email-changes.ts';
import { redeemLoginLink } from '../accounts/login-links.ts';
import { listPaymentsOf, recordPayment } from '../commerce/payment-ledger.ts';
import { createStripePaymentProvider } from '../commerce/stripe/stripe-provider.ts';
import { findLatestSubscription, insertSubscription } from '../commerce/subscription-repository.ts';
import type { SubscriptionState } from '../commerce/subscription.ts';
import { createTestPaymentProvider } from '../commerce/test-mode/test-provider.ts';
import { DomainError } from '../errors/domain-error.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { startStripeStandIn } from '../../test/stripe-stand-in.ts';
import { findLiveComplimentaryAccess, listComplimentaryAccess } from './complimentary-access-repository.ts';
import {
  auditSubjectOf,
  cancelForReader,
  extendTrial,
  giveComplimentaryAccess,
  issueDeskLoginLink,
  refundLastPayment,
  requestAddressChange,
  revokeComplimentaryAccess,
  type DeskContext,
} from './desk-actions.ts';
import { listReaderEvents } from './reader-events.ts';
import { createTestLedger } from '../../test/insights.ts';

const { db, dialect } = await openTestDatabase();
const day = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const standIn = await startStripeStandIn({ prefix: `desk${dialect}` });
after(() => standIn.stop());

const testMode: DeskContext = { db, provider: createTestPaymentProvider(), insights: createTestLedger({ db, dialect }) };
const stripeMode: DeskContext = {
  db,
  provider: createStripePaymentProvider({ stripe: async () => standIn.stripe, db }),
  insights: createTestLedger({ db, dialect }),
};

let counter = 0;
async function account(role: 'reader' | 'support' = 'reader'): Promise<Account> {
  counter += 1;
  const id = await insertAccount(db, { email: `${role}${counter}@example.org`, name: `${role} ${counter}`, passwordHash: null, role, now });
  const row = await findAccountRowById(db, id);
  assert.ok(row);
  return toAccount(row);
}

const staff = await account('support');
const act = (reason = 'Asked by phone', at = now) => ({ staff, reason, now: at });

async function subscribe(accountId: number, status: 'trialing' | 'active', { stripeId = null as string | null } = {}) {
  const end = new Date(now.getTime() + 14 * day);
  const state: SubscriptionState = {
    status,
    currentPeriodEnd: end,
    trialEnd: status === 'trialing' ? end : null,
    pastDueSince: null,
    endedFrom: null,
    resumeTo: null,
  };
  return insertSubscription(
    db,
    {
      accountId,
      planId: plan.id,
      offerId: null,
      provider: stripeId ? 'stripe' : 'test',
      providerSubscriptionId: stripeId,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state,
    },
    now,
  );
}

async function charge(
  accountId: number,
  subscriptionId: number,
  { provider = 'test' as 'test' | 'stripe', providerPaymentId = null as string | null, daysAgo = 1 } = {},
) {
  return recordPayment(db, {
    accountId,
    subscriptionId,
    provider,
    providerPaymentId,
    kind: 'charge',
    status: 'succeeded',
    amountMinor: 1500,
    currency: 'USD',
    refundOf: null,
    occurredAt: new Date(now.getTime() - daysAgo * day),
  });
}

async function auditOf(reader: Account) {
  return db.selectFrom('audit_log').select(['action', 'actor', 'detail', 'at']).where('subject', '=', auditSubjectOf(reader)).orderBy('id').execute();
}

const refused = (kind: string) => (error: unknown) => error instanceof DomainError && error.meaning.kind === kind;

describe(`the readers' desk's actions (${dialect})`, () => {
  it('gives complimentary access that entitles and bills nothing, audited and in the history, then revokes it', async () => {
    const reader = await account();
    const { access } = await giveComplimentaryAccess(testMode, { readerId: reader.id, period: '1', act: act('Press pass for the summit') });
    assert.deepEqual(access.endsAt, new Date('2027-01-01T12:00:00Z'));
    assert.equal((await findLiveComplimentaryAccess(db, reader.id, now))?.id, access.id);
    assert.equal(await findLatestSubscription(db, reader.id), undefined, 'no subscription, so nothing to bill');
    assert.deepEqual(await listPaymentsOf(db, reader.id), []);
    assert.deepEqual(
      (await auditOf(reader)).map(({ action, actor, detail }) => ({ action, actor, detail })),
      [{ action: 'gave complimentary access', actor: staff.name, detail: 'Until 2027-01-01. Reason: Press pass for the summit' }],
    );
    const [given] = await listReaderEvents(db, reader.id);
    assert.deepEqual({ kind: given?.kind, actorId: given?.actorId }, { kind: 'complimentary-given', actorId: staff.id });

    const later = new Date(now.getTime() + day);
    await revokeComplimentaryAccess(testMode, { readerId: reader.id, grantId: access.id, act: act('Summit over', later) });
    assert.equal(await findLiveComplimentaryAccess(db, reader.id, later), undefined);
    await assert.rejects(revokeComplimentaryAccess(testMode, { readerId: reader.id, grantId: access.id, act: act('Again', later) }), refused('conflict'));
    assert.deepEqual(
      (await listReaderEvents(db, reader.id)).map((event) => event.kind),
      ['complimentary-revoked', 'complimentary-given'],
    );
  });

  it('gives open-ended access, which lasts until revoked', async () => {
    const reader = await account();
    await giveComplimentaryAccess(testMode, { readerId: reader.id, period: 'open', act: act('Columnist') });
    assert.ok(await findLiveComplimentaryAccess(db, reader.id, new Date('2036-01-01T00:00:00Z')));
  });

  it('acts only for readers, never on staff or on a grant of another reader', async () => {
    const other = await account();
    const { access } = await giveComplimentaryAccess(testMode, { readerId: other.id, period: '3', act: act('Contest winner') });
    const reader = await account();
    await assert.rejects(giveComplimentaryAccess(testMode, { readerId: staff.id, period: '1', act: act() }), refused('not-found'));
    await assert.rejects(revokeComplimentaryAccess(testMode, { readerId: reader.id, grantId: access.id, act: act() }), refused('not-found'));
    assert.ok(await findLiveComplimentaryAccess(db, other.id, now));
    assert.deepEqual(await listComplimentaryAccess(db, reader.id), []);
  });

  it('extends a trial at Stripe and here, and refuses one that is not running', async () => {
    const reader = await account();
    await subscribe(reader.id, 'trialing', { stripeId: 'sub_desk_trial' });
    const { until } = await extendTrial(stripeMode, { readerId: reader.id, days: 7, act: act('Was travelling') });
    assert.deepEqual(until, new Date(now.getTime() + 21 * day));
    assert.equal(standIn.subscriptions.get('sub_desk_trial')?.trial_end, until.getTime() / 1000);
    const stored = await findLatestSubscription(db, reader.id);
    assert.deepEqual(stored?.state.trialEnd, until);
    assert.deepEqual(stored?.state.currentPeriodEnd, until);
    assert.equal((await auditOf(reader))[0]?.action, 'extended trial');

    const active = await account();
    await subscribe(active.id, 'active');
    await assert.rejects(extendTrial(testMode, { readerId: active.id, days: 7, act: act() }), refused('conflict'));
    assert.deepEqual(await auditOf(active), []);
  });

  it('cancels now at Stripe, ending access at once', async () => {
    const reader = await account();
    await subscribe(reader.id, 'active', { stripeId: 'sub_desk_cancel' });
    await cancelForReader(stripeMode, { readerId: reader.id, when: 'now', act: act('Moving abroad') });
    assert.equal(standIn.subscriptions.get('sub_desk_cancel')?.status, 'canceled');
    const stored = await findLatestSubscription(db, reader.id);
    assert.equal(stored?.state.status, 'expired');
    assert.deepEqual(stored?.state.currentPeriodEnd, now);
    const [event] = await listReaderEvents(db, reader.id);
    assert.deepEqual(event && { kind: event.kind, ...(event.kind === 'canceled' ? { atPeriodEnd: event.atPeriodEnd, reason: event.reason } : {}) }, {
      kind: 'canceled',
      atPeriodEnd: false,
      reason: 'Moving abroad',
    });
    await assert.rejects(cancelForReader(stripeMode, { readerId: reader.id, when: 'now', act: act() }), refused('conflict'));
  });

  it('cancels at the period end at Stripe, access kept until then', async () => {
    const reader = await account();
    await subscribe(reader.id, 'active', { stripeId: 'sub_desk_later' });
    const { accessUntil } = await cancelForReader(stripeMode, { readerId: reader.id, when: 'period-end', act: act('Too expensive') });
    assert.equal(standIn.subscriptions.get('sub_desk_later')?.cancel_at_period_end, true);
    assert.deepEqual(accessUntil, new Date(now.getTime() + 14 * day));
    assert.equal((await findLatestSubscription(db, reader.id))?.state.status, 'canceled');
  });

  it("tells the insights ledger of the desk's cancellations, with the desk as their reason and never staff's own words", async () => {
    const [endedNow, later] = [await account(), await account()];
    await subscribe(endedNow.id, 'active', { stripeId: 'sub_desk_ledger_now' });
    await subscribe(later.id, 'active', { stripeId: 'sub_desk_ledger_later' });
    await cancelForReader(stripeMode, { readerId: endedNow.id, when: 'now', act: act('Private reason') });
    await cancelForReader(stripeMode, { readerId: later.id, when: 'period-end', act: act('Private reason') });
    await stripeMode.insights.flush();
    const rows = await db
      .selectFrom('insight_events')
      .select(['kind', 'detail', 'reader_key'])
      .where('reader_key', 'in', [endedNow.id, later.id].map(stripeMode.insights.keys.ofAccount))
      .orderBy('kind')
      .execute();
    assert.deepEqual(
      rows.map(({ kind, detail }) => [kind, detail]),
      [
        ['canceled', 'desk'],
        ['lapsed', 'subscription'],
      ],
    );
    assert.equal(new Set(rows.map((row) => row.reader_key)).size, 2);
  });

  it("refunds the last payment through Stripe's refund API, once, and writes it to the ledger", async () => {
    const reader = await account();
    const subscriptionId = await subscribe(reader.id, 'active', { stripeId: 'sub_desk_refund' });
    await charge(reader.id, subscriptionId, { provider: 'stripe', providerPaymentId: `in_desk_old_${dialect}`, daysAgo: 31 });
    const lastId = await charge(reader.id, subscriptionId, { provider: 'stripe', providerPaymentId: `in_desk_${dialect}` });
    const paymentIntent = standIn.addPaidInvoice(`in_desk_${dialect}`, { amount: 1500, currency: 'usd' });
    const { refund } = await refundLastPayment(stripeMode, { readerId: reader.id, chargeId: lastId, act: act('Charged after canceling') });
    const atStripe = standIn.refunds.get(refund.providerPaymentId ?? '');
    assert.equal(atStripe?.payment_intent, paymentIntent);
    assert.equal(atStripe?.metadata.datelinePaymentId, String(lastId));
    assert.deepEqual(
      (await listPaymentsOf(db, reader.id))
        .filter((payment) => payment.kind === 'refund')
        .map(({ amountMinor, currency, refundOf, status }) => ({ amountMinor, currency, refundOf, status })),
      [{ amountMinor: 1500, currency: 'USD', refundOf: lastId, status: 'succeeded' }],
    );
    // The same form sent again names a charge no longer refundable: the older one is not refunded in its place.
    await assert.rejects(refundLastPayment(stripeMode, { readerId: reader.id, chargeId: lastId, act: act('Again') }), refused('conflict'));
    assert.equal([...standIn.refunds.values()].filter((one) => one.metadata.datelinePaymentId === String(lastId)).length, 1);
    assert.equal((await auditOf(reader)).length, 1);
    assert.deepEqual(
      (await listReaderEvents(db, reader.id)).map((event) => event.kind),
      ['refunded'],
    );
  });

  it('refunds in test mode by recording it, and refuses when nothing is left to refund', async () => {
    const reader = await account();
    const subscriptionId = await subscribe(reader.id, 'active');
    const chargeId = await charge(reader.id, subscriptionId);
    const { refund } = await refundLastPayment(testMode, { readerId: reader.id, chargeId, act: act('Goodwill') });
    assert.equal(refund.providerPaymentId, `test_refund_${chargeId}`);
    assert.equal(refund.refundOf, chargeId);
    await assert.rejects(refundLastPayment(testMode, { readerId: reader.id, chargeId, act: act('Goodwill') }), refused('conflict'));
    assert.equal((await listPaymentsOf(db, reader.id)).length, 2);
  });

  it('leaves to each provider what it took: test mode neither refunds nor cancels what Stripe holds', async () => {
    const reader = await account();
    const subscriptionId = await subscribe(reader.id, 'active', { stripeId: 'sub_desk_elsewhere' });
    const chargeId = await charge(reader.id, subscriptionId, { provider: 'stripe', providerPaymentId: `in_desk_elsewhere_${dialect}` });
    await assert.rejects(refundLastPayment(testMode, { readerId: reader.id, chargeId, act: act() }), refused('conflict'));
    await assert.rejects(cancelForReader(testMode, { readerId: reader.id, when: 'now', act: act() }), refused('conflict'));
    assert.equal((await findLatestSubscription(db, reader.id))?.state.status, 'active');
    assert.equal((await listPaymentsOf(db, reader.id)).length, 1);
  });

  it('issues a log-in link for the reader, which logs them in once', async () => {
    const reader = await account();
    const { token } = await issueDeskLoginLink(testMode, { readerId: reader.id, act: act('Locked out') });
    assert.equal((await redeemLoginLink(db, { token, purpose: 'magic-link', now })).id, reader.id);
    assert.deepEqual(
      (await listReaderEvents(db, reader.id)).map((event) => event.kind),
      ['login-link-sent'],
    );
  });

  it('changes the address only once the new address confirms it, and refuses one already taken', async () => {
    const reader = await account();
    const other = await account();
    await assert.rejects(requestAddressChange(testMode, { readerId: reader.id, newEmail: other.email, act: act() }), refused('invalid'));
    await assert.rejects(requestAddressChange(testMode, { readerId: reader.id, newEmail: 'not an address', act: act() }), refused('invalid'));
    const { token, newEmail } = await requestAddressChange(testMode, { readerId: reader.id, newEmail: ' New.Address@Example.org ', act: act('New job') });
    assert.equal(newEmail, 'new.address@example.org');
    assert.equal((await findAccountRowById(db, reader.id))?.email, reader.email, 'unchanged until confirmed');
    await confirmEmailChange(db, { token, now });
    assert.equal((await findAccountRowById(db, reader.id))?.email, newEmail);
    const events = await listReaderEvents(db, reader.id);
    assert.deepEqual(
      events.map((event) => event.kind),
      ['email-changed', 'email-change-requested'],
    );
    const [changed] = events;
    assert.deepEqual(changed?.kind === 'email-changed' && { from: changed.from, to: changed.to }, { from: reader.email, to: newEmail });
  });
});
