import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { plantOrganisation } from '../../../test/organisation-fixtures.ts';
import { lastMailTo, mailedLink } from '../../../test/outbox.ts';
import { plantLockedArticles } from '../../../test/planted-articles.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { admitMember, listMembers } from '../../organisations/membership.ts';
import { addManager } from '../../organisations/organisation-repository.ts';
import { organisationPaths } from './organisation-paths.ts';

const now = new Date('2026-06-15T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect, dataDir } = database;
const seeded = await seedPublication(db, now);
const premium = (await plantLockedArticles(db, seeded, now, { tokenPrefix: 'PLANTEDSEAT' })).get('premium') ?? assert.fail('no premium piece');
const app = await buildTestApp(database, { now: () => now });

/** The ledger's events of a kind with their detail, once its writer (each second, on its own thread on SQLite) has written them. */
async function ledgerEvents(kind: string, atLeast: number): Promise<(string | null)[]> {
  for (let waited = 0; ; waited += 1) {
    const rows = await db
      .selectFrom('insight_events')
      .select('detail')
      .where('kind', '=', kind as 'organisation-joined')
      .execute();
    if (rows.length >= atLeast || waited >= 50) return rows.map(({ detail }) => detail);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A browser signed in as a new account of the given role. */
async function signedIn(role: 'reader' | 'editor' = 'reader') {
  const { accountId, cookie } = await signedInCookie(db, role, now);
  const browser = browserSession(app);
  const [name = '', value = ''] = cookie.split('=');
  browser.cookies.set(name, value);
  const account = await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
  return { browser, accountId, email: account.email };
}

describe(`the organisation's page and its links (${dialect})`, () => {
  it('lets a manager invite a reader, who accepts by the mailed link and then reads in full', async () => {
    const organisationId = await plantOrganisation(db, now, { name: 'Harbour Press Club', seats: '3' });
    const manager = await signedIn();
    await addManager(db, { organisationId, accountId: manager.accountId });
    const reader = await signedIn();

    assert.match((await manager.browser.get(organisationPaths.page)).body, /0<\/strong> of <span class="organisation__seats-total">3/);
    const invited = await manager.browser.post(organisationPaths.invite, { organisationId: String(organisationId), email: reader.email });
    assert.equal(invited.statusCode, 303);
    const link = mailedLink(lastMailTo(dataDir, reader.email), organisationPaths.join);

    assert.ok(!(await reader.browser.get(`/world/${premium.slug}`)).body.includes(premium.token));
    const page = await reader.browser.get(`${link.pathname}${link.search}`);
    assert.match(page.body, /Harbour Press Club invites/);
    const accepted = await reader.browser.post(organisationPaths.join, { token: link.searchParams.get('token') ?? '' });
    assert.equal(accepted.headers.location, `${organisationPaths.page}?changed=joined`);
    assert.ok((await reader.browser.get(`/world/${premium.slug}`)).body.includes(premium.token));
    assert.match((await reader.browser.get(organisationPaths.page)).body, /You read in full through <strong>Harbour Press Club/);
    assert.match((await manager.browser.get(organisationPaths.page)).body, /1<\/strong> of <span class="organisation__seats-total">3/);
    assert.ok((await ledgerEvents('organisation-joined', 1)).includes('invitation'), 'the insights ledger records the join');
  });

  it('sends a reader who is not signed in to log in first, and back to the link after', async () => {
    const organisationId = await plantOrganisation(db, now);
    const manager = await signedIn();
    await addManager(db, { organisationId, accountId: manager.accountId });
    await manager.browser.get(organisationPaths.page);
    await manager.browser.post(organisationPaths.invite, { organisationId: String(organisationId), email: 'newcomer@example.org' });
    const link = mailedLink(lastMailTo(dataDir, 'newcomer@example.org'), organisationPaths.join);
    const page = await browserSession(app).get(`${link.pathname}${link.search}`);
    assert.match(page.body, /href="\/login\?next=%2Forganisation%2Fjoin%3Ftoken%3D/);
    assert.doesNotMatch(page.body, /Accept and take my seat/);
  });

  it('admits a reader by a proven address of the domain, and refuses one over the seat limit with a clear message', async () => {
    const organisationId = await plantOrganisation(db, now, { seats: '1', domains: 'harbour.example' });
    const first = await signedIn();
    const second = await signedIn();
    for (const [reader, address] of [
      [first, 'first@harbour.example'],
      [second, 'second@harbour.example'],
    ] as const) {
      await reader.browser.get(organisationPaths.page);
      const asked = await reader.browser.post(organisationPaths.prove, { email: address });
      assert.equal(asked.headers.location, `${organisationPaths.page}?changed=proof-sent`);
    }
    const firstLink = mailedLink(lastMailTo(dataDir, 'first@harbour.example'), organisationPaths.proveConfirm);
    await first.browser.get(`${firstLink.pathname}${firstLink.search}`);
    const joined = await first.browser.post(organisationPaths.proveConfirm, { token: firstLink.searchParams.get('token') ?? '' });
    assert.equal(joined.statusCode, 303);
    const secondLink = mailedLink(lastMailTo(dataDir, 'second@harbour.example'), organisationPaths.proveConfirm);
    await second.browser.get(`${secondLink.pathname}${secondLink.search}`);
    const refused = await second.browser.post(organisationPaths.proveConfirm, { token: secondLink.searchParams.get('token') ?? '' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Every seat of this organisation is taken/);
    assert.deepEqual(
      (await listMembers(db, organisationId)).map(({ accountId, joinedBy }) => ({ accountId, joinedBy })),
      [{ accountId: first.accountId, joinedBy: 'domain' }],
    );
  });

  it('refuses an address of no organisation beside its field', async () => {
    const reader = await signedIn();
    await reader.browser.get(organisationPaths.page);
    const refused = await reader.browser.post(organisationPaths.prove, { email: 'someone@elsewhere.example' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /not of a domain any organisation has/);
  });

  it('lets a manager remove a member, and refuses a reader who manages nothing', async () => {
    const organisationId = await plantOrganisation(db, now);
    const manager = await signedIn();
    const member = await signedIn();
    const stranger = await signedIn();
    await addManager(db, { organisationId, accountId: manager.accountId });
    await admitMember(db, dialect, { organisationId, accountId: member.accountId, route: 'staff', now });
    await stranger.browser.get(organisationPaths.page);
    const refused = await stranger.browser.post(organisationPaths.remove, { organisationId: String(organisationId), accountId: String(member.accountId) });
    assert.equal(refused.statusCode, 403);
    assert.equal((await listMembers(db, organisationId)).length, 1);
    await manager.browser.get(organisationPaths.page);
    const removed = await manager.browser.post(organisationPaths.remove, { organisationId: String(organisationId), accountId: String(member.accountId) });
    assert.equal(removed.headers.location, `${organisationPaths.page}?changed=removed`);
    assert.deepEqual(await listMembers(db, organisationId), []);
    assert.equal((await ledgerEvents('organisation-left', 1)).length, 1, 'the insights ledger records the leave');
  });

  it('tells a member whose contract ended which organisation it was, with the offers', async () => {
    const organisationId = await plantOrganisation(db, now, {
      name: 'Quay Institute',
      startsAt: '2026-01-01',
      endsAt: '2026-06-01',
    });
    const member = await signedIn();
    await admitMember(db, dialect, { organisationId, accountId: member.accountId, route: 'staff', now: new Date('2026-02-01T00:00:00Z') });
    const page = await member.browser.get(organisationPaths.page);
    assert.match(page.body, /Your access through <strong>Quay Institute<\/strong> ended on June 1, 2026/);
    assert.match(page.body, /href="\/offers"/);
    const paywall = (await member.browser.get(`/world/${premium.slug}`)).body;
    assert.ok(!paywall.includes(premium.token), 'the locked article stops at its preview');
    assert.match(paywall, /Your access through Quay Institute ended on June 1, 2026/);
    assert.match(paywall, /href="\/offers"/);
  });

  it('shows the usage report from the reads the ledger records', async () => {
    const organisationId = await plantOrganisation(db, now, { seats: '5' });
    const manager = await signedIn();
    await addManager(db, { organisationId, accountId: manager.accountId });
    const readers = [await signedIn(), await signedIn()];
    for (const reader of readers) await admitMember(db, dialect, { organisationId, accountId: reader.accountId, route: 'staff', now });
    const locked = await plantLockedArticles(db, seeded, now, { tokenPrefix: 'PLANTEDUSAGE' });
    const [first, second] = readers;
    assert.ok(first && second);
    for (const slug of ['locked-premium', 'locked-metered', 'locked-premium']) await first.browser.get(`/world/${slug}`);
    await second.browser.get(`/world/${locked.get('registered')?.slug ?? ''}`);
    // The ledger writes what it buffered each second, on its own thread on SQLite: the report waits for it.
    const june = async () =>
      /<tr data-month="2026-06"><td>June 2026<\/td><td class="organisation__active">(\d+)<\/td><td class="organisation__read">(\d+)<\/td><\/tr>/
        .exec((await manager.browser.get(organisationPaths.page)).body)
        ?.slice(1);
    let figures = await june();
    for (let waited = 0; waited < 50 && figures?.[1] !== '3'; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      figures = await june();
    }
    assert.deepEqual(figures, ['2', '3']);
  });
});
