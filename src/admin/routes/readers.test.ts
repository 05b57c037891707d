import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { issueApiToken } from '../../devices/api-tokens.ts';
import { recordPayment } from '../../commerce/payment-ledger.ts';
import { insertSubscription } from '../../commerce/subscription-repository.ts';
import type { SubscriptionStatus } from '../../commerce/subscription.ts';
import { recordReaderEvent } from '../../readers/reader-events.ts';
import { subscribe as subscribeToNewsletters, unsubscribe } from '../../newsletters/subscriptions.ts';
import { insertNewsletter } from '../../../test/newsletter-list-fixtures.ts';
import { completeSeatCheckoutIn } from '../../organisations/seat-checkout.ts';

const clock = new Date('2026-12-01T15:00:00Z');
const day = 86_400_000;
const database = await openTestDatabase();
const { db } = database;
await seedPublication(db, new Date(clock.getTime() - 30 * day));
await seedCatalogue(db, clock);
const app = await buildTestApp(database, { now: () => clock });
const digital = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const intro = await db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();

let counter = 0;
async function account(role: Role, { email, name = '', signedUp = clock }: { email?: string; name?: string; signedUp?: Date } = {}) {
  counter += 1;
  return insertAccount(db, { email: email ?? `${role}${counter}@example.org`, name, passwordHash: null, role, now: signedUp });
}

async function browserOf(accountId: number) {
  const browser = browserSession(app);
  const { token } = await openSession(db, accountId, clock);
  browser.cookies.set(sessionCookieName, token);
  return browser;
}

async function subscribe(accountId: number, status: SubscriptionStatus, { offerId = null as number | null, trialEnd = null as Date | null } = {}) {
  return insertSubscription(
    db,
    {
      accountId,
      planId: digital.id,
      offerId,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: {
        status,
        currentPeriodEnd: new Date(clock.getTime() + 20 * day),
        trialEnd,
        pastDueSince: status === 'past_due' ? new Date(clock.getTime() - 2 * day) : null,
        endedFrom: null,
        resumeTo: null,
      },
    },
    new Date(clock.getTime() - 40 * day),
  );
}

const support = await browserOf(await account('support', { name: 'Sam Support' }));
const editor = await browserOf(await account('editor', { name: 'Eda Editor' }));
const admin = await browserOf(await account('admin', { name: 'Ada Admin' }));

// The subscriber the desk is asked about: a payment taken, one failed, a refund, a gift, a phone, a cancellation.
const ana = await account('reader', { email: 'ana.lima@example.org', name: 'Ana Lima', signedUp: new Date('2026-03-04T10:00:00Z') });
const anaSubscription = await subscribe(ana, 'active', { offerId: intro.id });
const firstCharge = await recordPayment(db, {
  accountId: ana,
  subscriptionId: anaSubscription,
  provider: 'test',
  providerPaymentId: null,
  kind: 'charge',
  status: 'succeeded',
  amountMinor: 900,
  currency: 'USD',
  refundOf: null,
  occurredAt: new Date(clock.getTime() - 40 * day),
});
await recordPayment(db, {
  accountId: ana,
  subscriptionId: anaSubscription,
  provider: 'test',
  providerPaymentId: null,
  kind: 'refund',
  status: 'succeeded',
  amountMinor: 900,
  currency: 'USD',
  refundOf: firstCharge,
  occurredAt: new Date(clock.getTime() - 35 * day),
});
await recordPayment(db, {
  accountId: ana,
  subscriptionId: anaSubscription,
  provider: 'test',
  providerPaymentId: null,
  kind: 'charge',
  status: 'failed',
  amountMinor: 1500,
  currency: 'USD',
  refundOf: null,
  occurredAt: new Date(clock.getTime() - 12 * day),
});
await recordPayment(db, {
  accountId: ana,
  subscriptionId: anaSubscription,
  provider: 'test',
  providerPaymentId: null,
  kind: 'charge',
  status: 'succeeded',
  amountMinor: 1500,
  currency: 'USD',
  refundOf: null,
  occurredAt: new Date(clock.getTime() - 10 * day),
});
await issueApiToken(db, { accountId: ana, deviceName: 'Ana’s phone', now: new Date(clock.getTime() - 5 * day) });
await recordReaderEvent(db, {
  accountId: ana,
  event: { kind: 'canceled', atPeriodEnd: true, reason: 'Too expensive' },
  at: new Date(clock.getTime() - 1 * day),
});

const trialist = await account('reader', { email: 'tom.trial@example.org', name: 'Tom Trial' });
await subscribe(trialist, 'trialing', { trialEnd: new Date(clock.getTime() + 20 * day) });
const free = await account('reader', { email: 'fay@example.net', name: 'Fay Free' });
// Enough readers for a second page.
for (let index = 0; index < 52; index += 1)
  await account('reader', { email: `crowd${String(index).padStart(2, '0')}@example.com`, signedUp: new Date(clock.getTime() - (index + 100) * day) });

describe(`the readers' desk (${database.dialect})`, () => {
  it('keeps support out of the newsroom and sends it to the readers', async () => {
    const start = await support.get('/admin');
    assert.equal(start.statusCode, 303);
    assert.equal(start.headers.location, '/admin/readers');
    // Refused for the role, before any article is looked up.
    for (const url of ['/admin/articles', '/admin/articles/new', '/admin/articles/1', '/admin/articles/1/revisions', '/admin/images', '/admin/audit']) {
      assert.equal((await support.get(url)).statusCode, 403, url);
    }
    assert.equal((await support.post('/admin/preview', { markdown: 'A draft paragraph.' })).statusCode, 403);
    const list = await support.get('/admin/readers');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/admin\/readers" aria-current="page">Readers</);
    assert.doesNotMatch(list.body, /href="\/admin\/articles"/);
  });

  it("keeps readers' data from the newsroom's other roles, and shows the desk to admins", async () => {
    assert.equal((await editor.get('/admin/readers')).statusCode, 403);
    assert.equal((await editor.get(`/admin/readers/${ana}`)).statusCode, 403);
    assert.doesNotMatch((await editor.get('/admin/articles')).body, /href="\/admin\/readers"/);
    assert.equal((await admin.get('/admin')).headers.location, '/admin/articles');
    assert.match((await admin.get('/admin/articles')).body, /href="\/admin\/readers"/);
  });

  it('finds a reader by the start of the address or of a name, and counts what it finds', async () => {
    const byName = await support.get('/admin/readers?q=lim');
    assert.match(byName.body, /1 reader match/);
    assert.match(byName.body, new RegExp(`href="/admin/readers/${ana}">Ana Lima</a>`));
    const byAddress = await support.get('/admin/readers?q=TOM.T');
    assert.match(byAddress.body, /Tom Trial/);
    assert.doesNotMatch(byAddress.body, /Ana Lima/);
  });

  it('filters by state with the form as a browser sends it, blank fields and all, and exports the same filter', async () => {
    const page = await support.get('/admin/readers?q=&state=trialing&plan=&offer=&from=&to=&source=');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Tom Trial/);
    assert.doesNotMatch(page.body, /Ana Lima/);
    assert.match(page.body, /href="\/admin\/readers\/export\.csv\?state=trialing"/);
    assert.match((await support.get(`/admin/readers?offer=${intro.id}`)).body, /Ana Lima/);
    assert.doesNotMatch((await support.get('/admin/readers?state=free')).body, /Ana Lima/);
  });

  it('pages through many readers with the count and the way on', async () => {
    const first = await support.get('/admin/readers');
    assert.match(first.body, /Showing 1–50 of 55/);
    assert.match(first.body, /Page 1 of 2/);
    assert.match(first.body, /href="\/admin\/readers\?page=2" rel="next"/);
    const second = await support.get('/admin/readers?page=2');
    assert.match(second.body, /Showing 51–55 of 55/);
    assert.match(second.body, /crowd51@example\.com/);
    assert.match(second.body, /href="\/admin\/readers" rel="prev"/);
  });

  it('says which day it could not read, keeping the rest of the form', async () => {
    const page = await support.get('/admin/readers?q=ana&from=2026-02-30');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /2026-02-30 is not a date/);
    assert.match(page.body, /value="ana"/);
  });

  it("shows a reader's account, subscription, full timeline and this month's meter", async () => {
    const page = await support.get(`/admin/readers/${ana}`);
    assert.equal(page.statusCode, 200);
    const text = page.body.replace(/\s+/g, ' ');
    assert.match(text, /<h1 class="page-head__title">Ana Lima <span class="badge badge--large badge--reader-active">Active<\/span>/);
    assert.match(text, /Try 3 months for \$9/);
    assert.match(text, /Signed up on the website/);
    assert.match(text, /Subscribed to Digital/);
    assert.match(text, /Paid \$9/);
    assert.match(text, /Refunded \$9/);
    assert.match(text, /Payment of \$15 failed/);
    assert.match(text, /Paid \$15/);
    assert.match(text, /Signed in on a device: Ana’s phone/);
    assert.match(text, /Canceled at the end of the period/);
    assert.match(text, /Reason: Too expensive/);
    assert.match(text, /Meter, December 2026/);
  });

  it('shows the company subscriptions a reader pays for, beside their seat', async () => {
    const buyer = await account('reader', { name: 'Bea Buyer' });
    await db
      .insertInto('seat_checkouts')
      .values({
        id: 'desk-seats',
        account_id: buyer,
        plan_id: digital.id,
        organisation_name: 'Harbour Works',
        seats: 3,
        provider: 'test',
        provider_session_id: null,
        status: 'open',
        organisation_id: null,
        created_at: clock.toISOString(),
        completed_at: null,
      })
      .execute();
    await db.transaction().execute((trx) =>
      completeSeatCheckoutIn(trx, database.dialect, {
        checkoutId: 'desk-seats',
        providerSubscriptionId: null,
        providerCustomerId: null,
        currentPeriodEnd: new Date('2027-01-01T15:00:00Z'),
        providerEventAt: null,
        now: clock,
      }),
    );
    const text = (await support.get(`/admin/readers/${buyer}`)).body.replace(/\s+/g, ' ');
    assert.match(text, /Company subscription/);
    assert.match(text, /Harbour Works: 3 seats of Digital, \$45 a month, renews/);
    assert.match(text, /Harbour Works: reads in full, joined by purchase/);
  });

  it('offers the actions that apply, and only those', async () => {
    const ana_ = (await support.get(`/admin/readers/${ana}`)).body;
    assert.match(ana_, new RegExp(`href="/admin/readers/${ana}/refund"[^>]*>Refund \\$15<`));
    assert.match(ana_, new RegExp(`href="/admin/readers/${ana}/cancel"`));
    assert.doesNotMatch(ana_, /\/trial"/);
    const tom = (await support.get(`/admin/readers/${trialist}`)).body;
    assert.match(tom, new RegExp(`href="/admin/readers/${trialist}/trial"`));
    assert.doesNotMatch(tom, /\/refund"/);
    const fay = (await support.get(`/admin/readers/${free}`)).body;
    assert.doesNotMatch(fay, /\/refund"|\/trial"|\/cancel"/);
    for (const action of ['complimentary', 'email', 'delete']) assert.match(fay, new RegExp(`href="/admin/readers/${free}/${action}"`));
    assert.match(fay, new RegExp(`<form class="inline-action" method="post" action="/admin/readers/${free}/login-link">`));
    assert.match(fay, /Never subscribed/);
    assert.match(fay, /0<\/strong> of 10 free articles read/);
  });

  it('keeps staff accounts and unknown ids off the desk', async () => {
    const staffMember = await db.selectFrom('accounts').select('id').where('role', '=', 'editor').executeTakeFirstOrThrow();
    assert.equal((await support.get(`/admin/readers/${staffMember.id}`)).statusCode, 404);
    assert.equal((await support.get('/admin/readers/999999')).statusCode, 404);
  });

  it('adds a note to the page, audited by reader id, and keeps a refused note as typed', async () => {
    await support.get(`/admin/readers/${free}`);
    const added = await support.post(`/admin/readers/${free}/notes`, { text: '  Called about\nthe paywall.  ' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `/admin/readers/${free}?note=added#notes`);
    const page = await support.get(`/admin/readers/${free}?note=added`);
    assert.match(page.body, /The note is on the reader’s page\./);
    assert.match(page.body, /<p class="note__text">Called about\nthe paywall\.<\/p>\s*<p class="note__meta">Sam Support · /);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'added a desk note').executeTakeFirstOrThrow();
    assert.equal(audit.subject, `reader #${free}`);
    assert.equal(audit.actor, 'Sam Support');

    const blank = await support.post(`/admin/readers/${free}/notes`, { text: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /Write the note before adding it\./);
    const long = 'x'.repeat(5001);
    const tooLong = await support.post(`/admin/readers/${free}/notes`, { text: long });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, new RegExp(`>${long}</textarea>`));
    assert.equal((await db.selectFrom('reader_notes').select('id').where('account_id', '=', free).execute()).length, 1);
  });

  it('takes no note without the form token, nor from the newsroom', async () => {
    assert.equal((await support.post(`/admin/readers/${free}/notes`, { text: 'forged' }, { withCsrf: false })).statusCode, 403);
    await editor.get('/admin/articles');
    assert.equal((await editor.post(`/admin/readers/${free}/notes`, { text: 'nosy' })).statusCode, 403);
    assert.equal((await db.selectFrom('reader_notes').select('id').where('text', 'in', ['forged', 'nosy']).execute()).length, 0);
  });

  it("lists the mails the site sent to the reader's address on the timeline", async () => {
    const reader = browserSession(app);
    await reader.get('/login/link');
    assert.equal((await reader.post('/login/link', { email: 'Fay@Example.net' })).statusCode, 200);
    const mails = await db.selectFrom('sent_mails').selectAll().where('account_id', '=', free).execute();
    assert.deepEqual(
      mails.map((mail) => [mail.kind, mail.sent_at]),
      [['magic-link', clock.toISOString()]],
    );
    assert.match((await support.get(`/admin/readers/${free}`)).body, /Mail sent: “Your link to log in to [^”]+”/);
  });
});

describe(`the desk's Newsletters panel (${database.dialect})`, () => {
  it('shows each newsletter a reader said yes to, where and when, how they left, and whether their address is suppressed', async () => {
    const desk = await browserOf(await account('support'));
    const reader = await account('reader', { email: 'newsletter-reader@example.org', name: 'Nadia' });
    const morning = await insertNewsletter(db, { slug: 'desk-morning', name: 'Desk Morning' });
    const sunday = await insertNewsletter(db, { slug: 'desk-sunday', name: 'Desk Sunday' });
    await subscribeToNewsletters(db, { accountId: reader, newsletterIds: [morning, sunday], source: 'sign-up-form', now: clock });
    await unsubscribe(db, { accountId: reader, newsletterIds: [sunday], source: 'one-click', now: new Date(clock.getTime() + day) });
    const before = (await desk.get(`/admin/readers/${reader}`)).body.replace(/\s+/g, ' ');
    assert.match(before, /<dt>Desk Morning<\/dt><dd><strong>Subscribed\.<\/strong> Said yes [^<]+, on the sign-up form, confirmed by mail\.<\/dd>/);
    assert.match(before, /<dt>Desk Sunday<\/dt><dd><strong>Left\.<\/strong> Said yes [^<]+\. Left [^<]+, by one-click in a message/);
    assert.doesNotMatch(before, /Suppressed\./);

    await db
      .insertInto('email_suppressions')
      .values({ email: 'newsletter-reader@example.org', reason: 'hard-bounce', source: 'webhook', detail: null, created_at: clock.toISOString() })
      .execute();
    assert.match(
      (await desk.get(`/admin/readers/${reader}`)).body,
      /<strong>Suppressed\.<\/strong> No newsletter goes to this address: hard bounce \(webhook\)/,
    );
  });
});

describe(`stopping newsletters to a reader's address by hand (${database.dialect})`, () => {
  it('asks for a reason, then stops and allows again, each audited and on the timeline', async () => {
    const desk = await browserOf(await account('support', { name: 'Desk Person' }));
    const reader = await account('reader', { email: 'bouncing@example.org', name: 'Bo' });
    await desk.get(`/admin/readers/${reader}`);
    const noReason = await desk.post(`/admin/readers/${reader}/newsletters/suppress`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why, in a few words/);
    assert.equal(await db.selectFrom('email_suppressions').select('email').where('email', '=', 'bouncing@example.org').executeTakeFirst(), undefined);

    const stopped = await desk.post(`/admin/readers/${reader}/newsletters/suppress`, { reason: 'The reader asked by phone' });
    assert.equal(stopped.statusCode, 303);
    const row = await db.selectFrom('email_suppressions').selectAll().where('email', '=', 'bouncing@example.org').executeTakeFirstOrThrow();
    assert.deepEqual({ reason: row.reason, source: row.source, detail: row.detail }, { reason: 'manual', source: 'desk', detail: 'The reader asked by phone' });
    const page = (await desk.get(`/admin/readers/${reader}`)).body;
    assert.match(page, /No newsletter goes to this address: stopped by hand \(desk\)/);
    assert.match(page, /Newsletters stopped to their address/);
    const again = await desk.post(`/admin/readers/${reader}/newsletters/suppress`, { reason: 'Twice by mistake' });
    assert.equal(again.statusCode, 409);

    assert.equal((await desk.post(`/admin/readers/${reader}/newsletters/unsuppress`, { reason: 'Mailbox fixed' })).statusCode, 303);
    assert.equal(await db.selectFrom('email_suppressions').select('email').where('email', '=', 'bouncing@example.org').executeTakeFirst(), undefined);
    const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', '%newsletters%').orderBy('id').execute();
    assert.deepEqual(audit.map(({ action, detail }) => ({ action, detail })).slice(-2), [
      { action: 'stopped newsletters to the address', detail: 'The reader asked by phone' },
      { action: 'allowed newsletters to the address again', detail: 'Mailbox fixed' },
    ]);
  });

  it('is not for the newsroom', async () => {
    const editor = await browserOf(await account('editor'));
    const reader = await account('reader');
    await editor.get('/admin');
    assert.equal((await editor.post(`/admin/readers/${reader}/newsletters/suppress`, { reason: 'Not mine to do' })).statusCode, 403);
  });
});
