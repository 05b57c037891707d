import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { lastMailTo, mailedLink } from '../../../test/outbox.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { listPaymentsOf, recordPayment } from '../../commerce/payment-ledger.ts';
import { findLatestSubscription, insertSubscription } from '../../commerce/subscription-repository.ts';
import { issueApiToken } from '../../devices/api-tokens.ts';
import { listReaderEvents } from '../../readers/reader-events.ts';

const clock = new Date('2026-11-20T17:00:00Z');
const day = 86_400_000;
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
await addArticle(db, seeded, { slug: 'desk-story', access: 'premium', body: 'Opening paragraph.\n\nSecond paragraph.\n\nSUBSCRIBER-ONLY conclusion.' }, clock);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const app = await buildTestApp(database, { now: () => clock });

let counter = 0;
async function browserOf(role: Role) {
  counter += 1;
  const email = `${role}${counter}@example.org`;
  const id = await insertAccount(db, { email, name: `${role} ${counter}`, passwordHash: null, role, now: clock });
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, (await openSession(db, id, clock)).token);
  return { id, email, browser };
}

/** A reader on a trial with a payment taken earlier, signed in on their own browser. */
async function trialingReader() {
  const reader = await browserOf('reader');
  const end = new Date(clock.getTime() + 10 * day);
  const subscriptionId = await insertSubscription(
    db,
    {
      accountId: reader.id,
      planId: plan.id,
      offerId: null,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status: 'trialing', currentPeriodEnd: end, trialEnd: end, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    clock,
  );
  const chargeId = await recordPayment(db, {
    accountId: reader.id,
    subscriptionId,
    provider: 'test',
    providerPaymentId: null,
    kind: 'charge',
    status: 'succeeded',
    amountMinor: 300,
    currency: 'USD',
    refundOf: null,
    occurredAt: new Date(clock.getTime() - 40 * day),
  });
  return { ...reader, chargeId };
}

const audited = async (readerId: number) =>
  (await db.selectFrom('audit_log').select(['action', 'detail']).where('subject', '=', `reader #${readerId}`).orderBy('id').execute()).map((row) => row.action);

describe(`the readers' desk's actions (${database.dialect})`, () => {
  it('are for the desk alone: editors and readers are refused, and nothing changes', async () => {
    const reader = await trialingReader();
    const editor = await browserOf('editor');
    for (const [browser, formPage] of [
      [editor.browser, '/admin/articles'],
      [reader.browser, '/account'],
    ] as const) {
      assert.equal((await browser.get(`/admin/readers/${reader.id}/complimentary`)).statusCode, 403);
      await browser.get(formPage);
      assert.equal((await browser.post(`/admin/readers/${reader.id}/complimentary`, { period: 'open', reason: 'Myself' })).statusCode, 403);
    }
    assert.deepEqual(await audited(reader.id), []);
  });

  it('refuse an address that names no reader with 404, and a number out of range with 400', async () => {
    const support = await browserOf('support');
    for (const [id, status] of [
      ['987654', 404],
      ['99999999999', 400],
      ['0', 400],
      ['1.5', 400],
    ] as const) {
      assert.equal((await support.browser.get(`/admin/readers/${id}/trial`)).statusCode, status, id);
    }
  });

  it('gives complimentary access from its confirmation page: the reader reads everything, sees it as such, and is mailed', async () => {
    const reader = await browserOf('reader');
    const support = await browserOf('support');
    assert.doesNotMatch((await reader.browser.get('/world/desk-story')).body, /SUBSCRIBER-ONLY/);

    const page = await support.browser.get(`/admin/readers/${reader.id}/complimentary`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`href="/admin/readers/${reader.id}"`), 'links back to the reader');
    assert.match(page.body, /name="reason"/);

    const withoutReason = await support.browser.post(`/admin/readers/${reader.id}/complimentary`, { period: '1', reason: '' });
    assert.equal(withoutReason.statusCode, 400);
    assert.match(withoutReason.body, /Say why/);
    assert.deepEqual(await audited(reader.id), []);

    const given = await support.browser.post(`/admin/readers/${reader.id}/complimentary`, { period: '1', reason: 'Prize winner' });
    assert.equal(given.statusCode, 303);
    assert.equal(given.headers.location, `/admin/readers/${reader.id}?done=complimentary`);
    assert.deepEqual(await audited(reader.id), ['gave complimentary access']);
    assert.match(lastMailTo(database.dataDir, reader.email), /complimentary access/i);

    assert.match((await reader.browser.get('/world/desk-story')).body, /SUBSCRIBER-ONLY/);
    assert.match((await reader.browser.get('/account')).body, /Complimentary access from .* until December 20, 2026/);
    assert.equal(await findLatestSubscription(db, reader.id), undefined);
    const { token } = await issueApiToken(db, { accountId: reader.id, deviceName: 'Phone', now: clock });
    const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).json();
    assert.deepEqual(
      { complimentary: me.complimentary, entitlements: me.entitlements, subscription: me.subscription },
      {
        complimentary: { until: '2026-12-20T17:00:00.000Z' },
        entitlements: { readsEverything: true, meter: null },
        subscription: null,
      },
    );

    const grant = await db.selectFrom('complimentary_access').select('id').where('account_id', '=', reader.id).executeTakeFirstOrThrow();
    assert.match((await support.browser.get(`/admin/readers/${reader.id}/complimentary`)).body, new RegExp(`/complimentary/${grant.id}/revoke`));
    const revoked = await support.browser.post(`/admin/readers/${reader.id}/complimentary/${grant.id}/revoke`, { reason: 'Given by mistake' });
    assert.equal(revoked.statusCode, 303);
    assert.doesNotMatch((await reader.browser.get('/world/desk-story')).body, /SUBSCRIBER-ONLY/);
    assert.match(lastMailTo(database.dataDir, reader.email), /has ended/);
  });

  it('extends a trial, refunds the last payment in test mode and cancels at the period end, each mailed', async () => {
    const reader = await trialingReader();
    const support = await browserOf('support');
    assert.match((await support.browser.get(`/admin/readers/${reader.id}/trial`)).body, /name="days"/);
    assert.equal((await support.browser.post(`/admin/readers/${reader.id}/trial`, { days: '5', reason: 'Was in hospital' })).statusCode, 303);
    assert.deepEqual((await findLatestSubscription(db, reader.id))?.state.trialEnd, new Date(clock.getTime() + 15 * day));
    assert.match(lastMailTo(database.dataDir, reader.email), /trial now runs until December 5, 2026/);

    const refundPage = await support.browser.get(`/admin/readers/${reader.id}/refund`);
    assert.match(refundPage.body, /\$3/);
    assert.match(refundPage.body, new RegExp(`name="chargeId" value="${reader.chargeId}"`));
    assert.equal(
      (await support.browser.post(`/admin/readers/${reader.id}/refund`, { chargeId: String(reader.chargeId), reason: 'Charged twice' })).statusCode,
      303,
    );
    assert.deepEqual(
      (await listPaymentsOf(db, reader.id)).map((payment) => payment.kind),
      ['refund', 'charge'],
    );
    assert.match(lastMailTo(database.dataDir, reader.email), /refunded your last payment of \$3/);
    const again = await support.browser.post(`/admin/readers/${reader.id}/refund`, { chargeId: String(reader.chargeId), reason: 'Charged twice' });
    assert.equal(again.statusCode, 409);
    assert.match((await support.browser.get(`/admin/readers/${reader.id}/refund`)).body, /no payment left to refund/);

    assert.equal((await support.browser.get(`/admin/readers/${reader.id}/cancel`)).statusCode, 200);
    assert.equal((await support.browser.post(`/admin/readers/${reader.id}/cancel`, { when: 'period-end', reason: 'Asked by phone' })).statusCode, 303);
    assert.equal((await findLatestSubscription(db, reader.id))?.state.status, 'canceled');
    assert.match(lastMailTo(database.dataDir, reader.email), /keep full access until December 5, 2026/);
    assert.deepEqual(await audited(reader.id), ['extended trial', 'refunded payment', 'canceled subscription at period end']);
    assert.match((await support.browser.get(`/admin/readers/${reader.id}/trial`)).body, /no trial running/);
  });

  it('sends a log-in link to the reader and moves them to a new address once it confirms', async () => {
    const reader = await browserOf('reader');
    const support = await browserOf('support');
    await support.browser.get(`/admin/readers/${reader.id}/email`);
    assert.equal((await support.browser.post(`/admin/readers/${reader.id}/login-link`, {})).statusCode, 303);
    const loginLink = mailedLink(lastMailTo(database.dataDir, reader.email), '/login/link/confirm');
    assert.equal(loginLink.origin, 'https://news.example');

    const moved = await support.browser.post(`/admin/readers/${reader.id}/email`, { email: 'moved.reader@example.org', reason: 'New employer' });
    assert.equal(moved.statusCode, 303);
    assert.match(lastMailTo(database.dataDir, reader.email), /moved\.reader@example\.org/);
    const link = mailedLink(lastMailTo(database.dataDir, 'moved.reader@example.org'), '/account/email/confirm');
    const newcomer = browserSession(app);
    await newcomer.get(`${link.pathname}${link.search}`);
    await newcomer.post('/account/email/confirm', { token: link.searchParams.get('token') ?? '' });
    assert.equal((await db.selectFrom('accounts').select('email').where('id', '=', reader.id).executeTakeFirstOrThrow()).email, 'moved.reader@example.org');
    assert.deepEqual(
      (await listReaderEvents(db, reader.id)).map((event) => event.kind),
      ['email-changed', 'email-change-requested', 'login-link-sent'],
    );
  });

  it('answers 404 for an account that is not a reader, and refuses a bad form with what was typed', async () => {
    const support = await browserOf('support');
    const editor = await browserOf('editor');
    assert.equal((await support.browser.get(`/admin/readers/${editor.id}/cancel`)).statusCode, 404);
    const reader = await trialingReader();
    await support.browser.get(`/admin/readers/${reader.id}/trial`);
    const refused = await support.browser.post(`/admin/readers/${reader.id}/trial`, { days: '400', reason: 'Long trip abroad' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /1 to 90 days/);
    assert.match(refused.body, /value="Long trip abroad"/);
  });
});
