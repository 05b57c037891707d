import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { createTestLedger } from '../../../test/insights.ts';
import { plantLockedArticles } from '../../../test/planted-articles.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import type { CommerceContext } from '../../commerce/commerce-context.ts';
import { createTestPaymentProvider } from '../../commerce/test-mode/test-provider.ts';
import { createMailer } from '../../mail/mailer.ts';
import { findMemberAccess } from '../../organisations/organisation-access.ts';
import { runSeatRenewals } from '../../organisations/seat-renewals.ts';
import { lastMailTo } from '../../../test/outbox.ts';
import { organisationPaths } from './organisation-paths.ts';

const day = 24 * 60 * 60 * 1000;
const bought = new Date('2026-06-15T12:00:00Z');
let clock = bought;
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, bought);
await seedCatalogue(db, bought);
const premium = (await plantLockedArticles(db, seeded, bought, { tokenPrefix: 'PLANTEDBOUGHT' })).get('premium') ?? assert.fail('no premium piece');
const app = await buildTestApp(database, { now: () => clock });
const jobs: CommerceContext = {
  db,
  dialect,
  provider: createTestPaymentProvider(),
  mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: path.join(mkdtempSync(path.join(tmpdir(), 'dateline-mail-')), 'outbox') }),
  publicUrl: new URL('https://news.example/'),
  insights: createTestLedger({ db, dialect }),
};

async function signedIn() {
  const { accountId, cookie } = await signedInCookie(db, 'reader', clock);
  const browser = browserSession(app);
  const [name = '', value = ''] = cookie.split('=');
  browser.cookies.set(name, value);
  return { browser, accountId };
}

async function chargesTo(accountId: number) {
  const rows = await db.selectFrom('payments').select(['amount_minor', 'status']).where('account_id', '=', accountId).orderBy('id').execute();
  return rows.map((row) => `${row.status} ${row.amount_minor}`);
}

const card = { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '12345' };

/** A reader buys seats for their company in test mode, from the order form to the organisation's page. */
async function buySeats(browser: ReturnType<typeof browserSession>, { name, seats }: { name: string; seats: string }) {
  await browser.get(organisationPaths.buy);
  const started = await browser.post(organisationPaths.buy, { organisationName: name, plan: 'digital', seats, step: 'pay' });
  assert.equal(started.statusCode, 303);
  const payPage = await browser.get(started.headers.location ?? '');
  const paid = await browser.post(started.headers.location ?? '', card);
  assert.equal(paid.statusCode, 303, paid.body);
  const landed = await browser.get(paid.headers.location ?? '');
  assert.equal(landed.headers.location, `${organisationPaths.page}?changed=bought`);
  return { payPage };
}

/** The ledger's events of a kind with their detail, once its writer (each second, on its own thread on SQLite) has written them. */
async function ledgerDetails(kind: 'organisation-bought' | 'seats-changed', atLeast: number): Promise<(string | null)[]> {
  for (let waited = 0; ; waited += 1) {
    const rows = await db.selectFrom('insight_events').select('detail').where('kind', '=', kind).execute();
    if (rows.length >= atLeast || waited >= 50) return rows.map(({ detail }) => detail);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function emailOf(accountId: number): Promise<string> {
  return (await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow()).email;
}

async function organisationIdOf(name: string): Promise<number> {
  const row = await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

describe(`buying seats for a company (${dialect})`, () => {
  it('sends a reader who is not signed in to log in first, and back to buying', async () => {
    const page = await browserSession(app).get(organisationPaths.buy);
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/login?next=%2Forganisations%2Fbuy');
  });

  it('shows the plans on sale at their price per seat, and the total once the order reads well', async () => {
    const { browser } = await signedIn();
    const form = await browser.get(organisationPaths.buy);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Digital/);
    assert.match(form.body, /\$15 per seat a month/);
    assert.doesNotMatch(form.body, /Print bundle/, 'a plan no longer on sale is not sold to teams either');
    const reviewed = await browser.post(organisationPaths.buy, { organisationName: 'Harbour Works', plan: 'digital', seats: '3', step: 'review' });
    assert.equal(reviewed.statusCode, 200);
    assert.match(reviewed.body, /\$45 for 3 seats, due today/);
    assert.match(reviewed.body, /Then \$45 a month from July 15, 2026/);
    const refused = await browser.post(organisationPaths.buy, { organisationName: ' ', plan: 'digital', seats: '1', step: 'pay' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Give the name of your company or team/);
    assert.match(refused.body, /Choose from 2 to 500 seats/);
    assert.equal(await db.selectFrom('seat_checkouts').select('id').where('organisation_name', '=', '').executeTakeFirst(), undefined);
  });

  it('makes the organisation once paid, with the buyer as its manager holding a seat, and charges price times seats', async () => {
    clock = bought;
    const buyer = await signedIn();
    const { payPage } = await buySeats(buyer.browser, { name: 'Quayside Studio', seats: '3' });
    assert.match(payPage.body, /3 seats for Quayside Studio/);
    assert.match(payPage.body, /Total due today: \$45/);
    const organisationId = await organisationIdOf('Quayside Studio');
    const contract = await db.selectFrom('organisation_contracts').selectAll().where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
    assert.deepEqual(
      { seats: contract.seats, startsAt: contract.starts_at, endsAt: contract.ends_at, byInvitation: contract.by_invitation, byDomain: contract.by_domain },
      { seats: 3, startsAt: bought.toISOString(), endsAt: '2026-07-15T12:00:00.000Z', byInvitation: 1, byDomain: 0 },
    );
    assert.deepEqual(await chargesTo(buyer.accountId), ['succeeded 4500']);
    assert.equal((await findMemberAccess(db, buyer.accountId, clock))?.organisationName, 'Quayside Studio');
    const page = (await buyer.browser.get(`${organisationPaths.page}?changed=bought`)).body;
    assert.match(page, /Your organisation is set up/);
    assert.match(page, /1<\/strong> of <span class="organisation__seats-total">3/);
    assert.match(page, /\$45 a month for 3 seats/);
    assert.match(page, /Renews on July 15, 2026/);
    assert.match(page, /Bought the seats/);
    assert.ok((await ledgerDetails('organisation-bought', 1)).includes('3'), 'the insights ledger records the purchase and its seats');
    const receipt = lastMailTo(database.dataDir, await emailOf(buyer.accountId));
    assert.match(receipt, /Subject: Your receipt from The Test Gazette: 3 seats for Quayside Studio/);
    assert.match(receipt, /We received \$45; the seats are paid until July 15, 2026/);
    assert.match(receipt, /https:\/\/news\.example\/organisation/);
  });

  it('lets the manager add a seat, charged for the rest of the period, and renews at the new seats', async () => {
    clock = bought;
    const buyer = await signedIn();
    await buySeats(buyer.browser, { name: 'Pier Architects', seats: '3' });
    const organisationId = await organisationIdOf('Pier Architects');
    // Half of the month from 15 June to 15 July is left: one more seat costs half of its $15.
    clock = new Date(bought.getTime() + 15 * day);
    await buyer.browser.get(organisationPaths.page);
    const raised = await buyer.browser.post(organisationPaths.seats, { organisationId: String(organisationId), seats: '4' });
    assert.equal(raised.statusCode, 200);
    assert.match(raised.body, /now has 4 seats: \$7\.50 was charged for the rest of this period; each renewal costs \$60/);
    assert.deepEqual(await chargesTo(buyer.accountId), ['succeeded 4500', 'succeeded 750']);
    assert.ok((await ledgerDetails('seats-changed', 1)).includes('3:4'), 'the insights ledger records the change');
    const changed = lastMailTo(database.dataDir, await emailOf(buyer.accountId));
    assert.match(changed, /Subject: Pier Architects now has 4 seats/);
    assert.match(changed, /We charged \$7\.50 today for the added seats for the rest of this period\. From July 15, 2026 you pay \$60 a month\./);
    clock = new Date('2026-07-15T12:00:01Z');
    await runSeatRenewals(jobs, clock);
    assert.deepEqual(await chargesTo(buyer.accountId), ['succeeded 4500', 'succeeded 750', 'succeeded 6000']);
    const contract = await db
      .selectFrom('organisation_contracts')
      .select(['seats', 'ends_at'])
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...contract }, { seats: 4, ends_at: '2026-08-15T12:00:00.000Z' });
  });

  it('never takes the seats below the seats members hold, nor below two', async () => {
    clock = bought;
    const buyer = await signedIn();
    await buySeats(buyer.browser, { name: 'Lantern Collective', seats: '2' });
    const organisationId = await organisationIdOf('Lantern Collective');
    await buyer.browser.get(organisationPaths.page);
    const refused = await buyer.browser.post(organisationPaths.seats, { organisationId: String(organisationId), seats: '1' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Choose from 2 to 500 seats/);
  });

  it('refuses a reader who does not manage the organisation', async () => {
    clock = bought;
    const buyer = await signedIn();
    await buySeats(buyer.browser, { name: 'Tideline Press', seats: '2' });
    const organisationId = await organisationIdOf('Tideline Press');
    const stranger = await signedIn();
    await stranger.browser.get(organisationPaths.page);
    assert.equal((await stranger.browser.post(organisationPaths.seats, { organisationId: String(organisationId), seats: '9' })).statusCode, 403);
    assert.equal((await stranger.browser.post(organisationPaths.renewal, { organisationId: String(organisationId), renewal: 'cancel' })).statusCode, 403);
  });

  it('stops at the period end when the manager cancels, and then its members meet the notice at the paywall', async () => {
    clock = bought;
    const buyer = await signedIn();
    await buySeats(buyer.browser, { name: 'Breakwater Labs', seats: '2' });
    const organisationId = await organisationIdOf('Breakwater Labs');
    await buyer.browser.get(organisationPaths.page);
    const canceled = await buyer.browser.post(organisationPaths.renewal, { organisationId: String(organisationId), renewal: 'cancel' });
    assert.equal(canceled.headers.location, `${organisationPaths.page}?changed=canceled`);
    assert.match((await buyer.browser.get(organisationPaths.page)).body, /Stops on July 15, 2026: members read until then/);
    clock = new Date('2026-07-16T00:00:00Z');
    const report = await runSeatRenewals(jobs, clock);
    assert.ok(report.ended >= 1);
    assert.deepEqual(await chargesTo(buyer.accountId), ['succeeded 3000'], 'nothing is charged once canceled');
    // A month on, the buyer signs in again: the session they bought with has run out.
    const { token } = await openSession(db, buyer.accountId, clock);
    buyer.browser.cookies.set(sessionCookieName, token);
    const paywall = (await buyer.browser.get(`/world/${premium.slug}`)).body;
    assert.ok(!paywall.includes(premium.token));
    assert.match(paywall, /Your access through Breakwater Labs ended on July 15, 2026/);
  });
});
