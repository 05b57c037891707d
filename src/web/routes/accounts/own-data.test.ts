import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { lastMailTo, mailedLink } from '../../../../test/outbox.ts';
import { registerThroughSite, signedInCookie } from '../../../../test/readers.ts';
import type { Role } from '../../../accounts/account.ts';
import { sessionCookieName } from '../../../accounts/sessions.ts';
import { recordPayment } from '../../../commerce/payment-ledger.ts';
import { readerAuditSubject } from '../../../readers/erase-reader.ts';

/**
 * A reader's own data through the site: the download, "Delete my account" by the mailed link, and
 * the desk's "Delete reader", on the real app over a real database.
 */
let clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
const articleId = await addArticle(db, seeded, { slug: 'harbour-talks', headline: 'Harbour talks resume', access: 'metered' }, clock);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const app = await buildTestApp(database, { now: () => clock });

/** A browser signed in to a new account of this role. */
async function signedIn(role: Role) {
  const { accountId, cookie } = await signedInCookie(db, role, clock);
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, cookie.slice(cookie.indexOf('=') + 1));
  return { accountId, browser };
}

const emailOf = async (id: number) => (await db.selectFrom('accounts').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;
const accountExists = async (id: number) => (await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

describe('"Download my data"', () => {
  it('gives a signed-in reader a JSON file of what is held about them, the meter and gifts included, and audits it', async () => {
    const { accountId, browser } = await signedIn('reader');
    await db.insertInto('meter_reads').values({ account_id: accountId, period: '2026-11', article_id: articleId, read_at: clock.toISOString() }).execute();
    await db
      .insertInto('gift_links')
      .values({
        account_id: accountId,
        article_id: articleId,
        token_hash: `gift-of-${accountId}`,
        period: '2026-11',
        created_at: clock.toISOString(),
        expires_at: clock.toISOString(),
        revoked_at: null,
        max_opens: 25,
      })
      .execute();
    const page = await browser.get('/account');
    assert.match(page.body, /href="\/account\/data"[^>]*>Download my data</);
    assert.match(page.body, /action="\/account\/delete"/);

    const response = await browser.get('/account/data');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.headers['content-disposition'], 'attachment; filename="the-test-gazette-my-data-2026-11-20.json"');
    assert.match(String(response.headers['cache-control']), /no-store/);
    const data = JSON.parse(response.body);
    assert.equal(data.account.email, await emailOf(accountId));
    assert.equal(data.account.role, 'reader');
    assert.deepEqual(data.meter, [
      { period: '2026-11', article: { headline: 'Harbour talks resume', path: '/world/harbour-talks' }, readAt: clock.toISOString() },
    ]);
    assert.equal(data.gifts.length, 1);
    assert.equal(data.gifts[0].article.path, '/world/harbour-talks');
    assert.ok(!response.body.includes(`gift-of-${accountId}`), 'no token hash leaves in the file');

    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'downloaded own data')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    assert.equal(audit?.subject, readerAuditSubject(accountId));
    const event = await db.selectFrom('reader_events').select('kind').where('account_id', '=', accountId).executeTakeFirst();
    assert.equal(event?.kind, 'data-downloaded');
  });

  it('sends a visitor who is not signed in to log in', async () => {
    const response = await browserSession(app).get('/account/data');
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/login\?next=/);
  });
});

describe('"Delete my account"', () => {
  it('mails a link; the link deletes the account, ends the subscription, keeps the ledger without the reader, and works once', async () => {
    const email = 'leaving.reader@example.org';
    const browser = browserSession(app);
    assert.equal((await registerThroughSite(browser, database.dataDir, { email, password: 'a long passphrase', name: 'Leaving Reader' })).statusCode, 303);
    const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const subscriptionId = await addActiveSubscription(db, { accountId: account.id, planId: plan.id, now: clock });
    await recordPayment(db, {
      accountId: account.id,
      subscriptionId,
      provider: 'test',
      providerPaymentId: null,
      kind: 'charge',
      status: 'succeeded',
      amountMinor: 1500,
      currency: 'USD',
      refundOf: null,
      occurredAt: clock,
    });

    await browser.get('/account');
    const asked = await browser.post('/account/delete', {});
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /We sent a link to <strong>leaving\.reader@example\.org<\/strong>/);
    assert.ok(await accountExists(account.id), 'nothing is deleted before the link is followed');

    const link = mailedLink(lastMailTo(database.dataDir, email), '/account/delete/confirm');
    const token = link.searchParams.get('token') ?? '';
    const confirm = await browser.get(`${link.pathname}${link.search}`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Delete my account<\/button>/);
    assert.ok(await accountExists(account.id), 'opening the link deletes nothing: a mail scanner may open it');

    const deleted = await browser.post('/account/delete/confirm', { token });
    assert.equal(deleted.statusCode, 200);
    assert.match(deleted.body, /Your account is deleted/);
    assert.doesNotMatch(deleted.body, /Leaving Reader/, 'the page no longer shows the reader signed in');
    assert.equal(await accountExists(account.id), false);
    assert.equal(browser.cookies.has(sessionCookieName), false, 'the browser forgets the session');
    assert.equal((await browser.get('/account')).statusCode, 303);
    assert.match(lastMailTo(database.dataDir, email), /Your The Test Gazette account is deleted/);

    const ledger = await db.selectFrom('payments').selectAll().where('amount_minor', '=', 1500).execute();
    assert.equal(ledger.length, 1);
    assert.equal(ledger[0]?.account_id, null);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'deleted own account').executeTakeFirstOrThrow();
    assert.equal(audit.subject, 'an erased reader');
    assert.equal(audit.account_id, null);

    const again = await browser.get(`${link.pathname}${link.search}`);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /not valid/);
  });

  it('refuses a link past its 24 hours, a link replaced by a newer one, and a fourth link within the hour', async () => {
    const { accountId, browser } = await signedIn('reader');
    const email = await emailOf(accountId);
    await browser.get('/account');
    await browser.post('/account/delete', {});
    const first = mailedLink(lastMailTo(database.dataDir, email), '/account/delete/confirm').searchParams.get('token') ?? '';
    await browser.get('/account');
    await browser.post('/account/delete', {});
    const second = mailedLink(lastMailTo(database.dataDir, email), '/account/delete/confirm').searchParams.get('token') ?? '';
    assert.notEqual(first, second);
    assert.equal((await browser.get(`/account/delete/confirm?token=${first}`)).statusCode, 400);
    await browser.get('/account');
    await browser.post('/account/delete', {});
    const third = mailedLink(lastMailTo(database.dataDir, email), '/account/delete/confirm').searchParams.get('token') ?? '';
    await browser.get('/account');
    const fourth = await browser.post('/account/delete', {});
    assert.equal(fourth.statusCode, 429, 'three links an hour, so the address is not flooded');
    assert.match(fourth.body, /Too many attempts/);
    assert.equal(mailedLink(lastMailTo(database.dataDir, email), '/account/delete/confirm').searchParams.get('token'), third);

    const started = clock;
    clock = new Date(started.getTime() + 25 * 3_600_000);
    try {
      const late = await browser.get(`/account/delete/confirm?token=${third}`);
      assert.equal(late.statusCode, 400);
      assert.match(late.body, /expired/);
      assert.equal((await browser.post('/account/delete/confirm', { token: third })).statusCode, 400);
      assert.ok(await accountExists(accountId));
    } finally {
      clock = started;
    }
  });

  it('is not offered to staff, and refuses a staff account that asks', async () => {
    const { browser } = await signedIn('editor');
    const page = await browser.get('/account');
    assert.match(page.body, /Download my data/);
    assert.doesNotMatch(page.body, /action="\/account\/delete"/);
    assert.equal((await browser.post('/account/delete', {})).statusCode, 403);
  });
});

describe('the desk\'s "Delete reader"', () => {
  it('asks for a reason, then erases the reader, mails them and audits who, when and why', async () => {
    const { accountId: readerId } = await signedIn('reader');
    const readerEmail = await emailOf(readerId);
    const { browser: desk } = await signedIn('support');

    const confirm = await desk.get(`/admin/readers/${readerId}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.ok(confirm.body.includes(readerEmail));
    assert.match(confirm.body, /name="reason"/);

    const noReason = await desk.post(`/admin/readers/${readerId}/delete`, { reason: '  ' });
    assert.equal(noReason.statusCode, 400);
    assert.ok(await accountExists(readerId));

    const done = await desk.post(`/admin/readers/${readerId}/delete`, { reason: 'Asked by letter of 18 November' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /The reader is deleted/);
    assert.equal(await accountExists(readerId), false);
    assert.match(lastMailTo(database.dataDir, readerEmail), /deleted by our readers' desk/);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'deleted reader').executeTakeFirstOrThrow();
    assert.equal(audit.subject, 'an erased reader');
    assert.match(audit.detail, /^Asked by letter of 18 November — 0 payments kept/);

    assert.equal((await desk.get(`/admin/readers/${readerId}/delete`)).statusCode, 404);
  });

  it('is refused to staff without serve-readers, and never deletes a staff account', async () => {
    const { accountId: readerId } = await signedIn('reader');
    const { browser: editor } = await signedIn('editor');
    assert.equal((await editor.get(`/admin/readers/${readerId}/delete`)).statusCode, 403);
    const { accountId: colleague } = await signedIn('author');
    const { browser: admin } = await signedIn('admin');
    assert.equal((await admin.get(`/admin/readers/${colleague}/delete`)).statusCode, 403);
    assert.ok(await accountExists(readerId));
    assert.ok(await accountExists(colleague));
  });
});
