import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { contractPlan, plantOrganisation, plantReaderAt } from '../../../test/organisation-fixtures.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { admitMember } from '../../organisations/membership.ts';
import { listManagers } from '../../organisations/organisation-repository.ts';

const now = new Date('2026-06-15T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
await seedPublication(db, now);
const planId = await contractPlan(db, now);
const app = await buildTestApp(database, { now: () => now });

async function signedIn(role: 'admin' | 'editor' | 'reader') {
  const { accountId, cookie } = await signedInCookie(db, role, now);
  const browser = browserSession(app);
  const [name = '', value = ''] = cookie.split('=');
  browser.cookies.set(name, value);
  return { browser, accountId };
}

const contract = {
  name: 'Riverside University',
  planId: String(planId),
  seats: '25',
  startsAt: '2026-01-01',
  endsAt: '2027-01-01',
  byInvitation: 'on',
  byDomain: 'on',
  domains: 'riverside.example',
  ipRanges: '192.0.2.0/24',
  byIpRange: 'on',
};

describe(`the newsroom's organisations (${dialect})`, () => {
  it('lets an administrator create an organisation, change its contract and add a manager', async () => {
    const admin = await signedIn('admin');
    await admin.browser.get('/admin/organisations');
    const created = await admin.browser.post('/admin/organisations', contract);
    assert.equal(created.statusCode, 303);
    const url = created.headers.location?.toString().split('?')[0] ?? '';
    assert.match(url, /^\/admin\/organisations\/\d+$/);
    const page = await admin.browser.get(url);
    assert.match(page.body, /Live: 0 of 25 seats taken/);
    assert.match(page.body, /riverside\.example/);

    const saved = await admin.browser.post(url, { ...contract, seats: '30', byIpRange: '', ipRanges: '' });
    assert.equal(saved.statusCode, 303);
    assert.match((await admin.browser.get(url)).body, /0 of 30 seats taken/);

    const manager = await signedInCookie(db, 'reader', now);
    const email = (await db.selectFrom('accounts').select('email').where('id', '=', manager.accountId).executeTakeFirstOrThrow()).email;
    assert.equal((await admin.browser.post(`${url}/managers`, { email })).statusCode, 303);
    const organisationId = Number(url.split('/').at(-1));
    assert.deepEqual(
      (await listManagers(db, organisationId)).map(({ accountId }) => accountId),
      [manager.accountId],
    );
    assert.equal((await admin.browser.post(`${url}/managers/remove`, { accountId: String(manager.accountId) })).statusCode, 303);
    assert.deepEqual(await listManagers(db, organisationId), []);
  });

  it('shows a bad contract again with what was typed and why', async () => {
    const admin = await signedIn('admin');
    await admin.browser.get('/admin/organisations');
    const refused = await admin.browser.post('/admin/organisations', {
      ...contract,
      name: 'Bad Range College',
      domains: 'bad.example',
      ipRanges: '10.0.0.0/99',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /That is not an IP range/);
    assert.match(refused.body, /value="Bad Range College"/);
  });

  it('refuses an editor: contracts are administrators’ alone', async () => {
    const editor = await signedIn('editor');
    assert.equal((await editor.browser.get('/admin/organisations')).statusCode, 403);
  });
});

describe(`the readers' desk and organisations (${dialect})`, () => {
  it("shows a reader's organisation on their page and filters the list by it", async () => {
    const organisationId = await plantOrganisation(db, now, { name: 'Lighthouse Trust' });
    const member = await plantReaderAt(db, 'lighthouse.example', now);
    const outsider = await plantReaderAt(db, 'lighthouse.example', now);
    await admitMember(db, dialect, { organisationId, accountId: member.id, route: 'invitation', now });
    const admin = await signedIn('admin');
    const page = await admin.browser.get(`/admin/readers/${member.id}`);
    assert.match(page.body, /Lighthouse Trust: reads in full, joined by invitation/);
    const list = await admin.browser.get(`/admin/readers?organisation=${organisationId}`);
    assert.ok(list.body.includes(member.email));
    assert.ok(!list.body.includes(outsider.email));
    assert.match(list.body, /<option value="\d+" selected>Lighthouse Trust<\/option>|<option value="\d+"[^>]*selected[^>]*>Lighthouse Trust/);
  });
});
