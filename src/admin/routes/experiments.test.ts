import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { hashPassword } from '../../accounts/passwords.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { decodeMeterCookie, deriveMeterCookieKey, meterCookieName } from '../../access/meter-cookie.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { readPaywallSettings } from '../../settings/paywall-settings-repository.ts';
import { listAudit } from '../../newsroom/audit-log.ts';
import { findAccountAssignments, findExperiment, listRunningExperiments } from '../../experiments/experiment-repository.ts';

const clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
const slugs: string[] = [];
for (let index = 0; index < 8; index += 1) {
  const slug = `story-${index}`;
  await addArticle(db, seeded, { slug, body: `Opening ${index}.\n\nSecond ${index}.\n\nLOCKED-${index} conclusion.` }, clock);
  slugs.push(slug);
}
const app = await buildTestApp(database, { now: () => clock });
const meterKey = deriveMeterCookieKey(readFileSync(`${database.dataDir}/secret`, 'utf8').trim());

let counter = 0;
async function staffBrowser(role: Role): Promise<BrowserSession> {
  counter += 1;
  const id = await insertAccount(db, { email: `${role}${counter}@newsroom.example`, name: `${role} ${counter}`, passwordHash: null, role, now: clock });
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, (await openSession(db, id, clock)).token);
  return browser;
}

const meterExperiment = {
  name: 'Five free articles',
  kind: 'meter-limit',
  reader: 'anonymous',
  metric: 'paid',
  baseRate: '2',
  minimumEffect: '1',
  'variant.a.name': 'Three',
  'variant.a.share': '50',
  'variant.a.limit': '3',
  'variant.b.name': 'Five',
  'variant.b.share': '50',
  'variant.b.limit': '5',
};

/** The variant a browser's signed cookie holds of an experiment. */
function variantIn(browser: BrowserSession, experimentId: number): string | undefined {
  const cookie = decodeMeterCookie(browser.cookies.get(meterCookieName), meterKey);
  return cookie?.visitor?.assignments.find((assignment) => assignment.experimentId === experimentId)?.variant;
}

/** How many of the stories an anonymous browser reads in full before the wall. */
async function storiesReadInFull(browser: BrowserSession): Promise<number> {
  let full = 0;
  for (const [index, slug] of slugs.entries()) {
    const page = await browser.get(`/world/${slug}`);
    assert.equal(page.statusCode, 200);
    if (page.body.includes(`LOCKED-${index}`)) full += 1;
  }
  return full;
}

describe(`experiments in the newsroom (${dialect})`, () => {
  let experimentId = 0;

  it('are for editors and administrators: the desk and the writers are refused', async () => {
    for (const role of ['support', 'contributor', 'author'] as const) {
      const browser = await staffBrowser(role);
      assert.equal((await browser.get('/admin/experiments')).statusCode, 403, role);
      assert.equal((await browser.get('/admin/experiments/new')).statusCode, 403, role);
    }
    assert.equal((await (await staffBrowser('editor')).get('/admin/experiments')).statusCode, 200);
  });

  it('refuses a wrong form with the reason, keeping what was typed and starting nothing', async () => {
    const editor = await staffBrowser('editor');
    await editor.get('/admin/experiments/new');
    const refused = await editor.post('/admin/experiments', { ...meterExperiment, 'variant.b.share': '40' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The variants&#39; shares must add up to 100/);
    assert.match(refused.body, /value="Five free articles"/);
    assert.deepEqual(await listRunningExperiments(db), []);
  });

  it('starts an experiment from the form, with its sample planned and a line in the audit log', async () => {
    const editor = await staffBrowser('editor');
    await editor.get('/admin/experiments/new');
    const started = await editor.post('/admin/experiments', meterExperiment);
    assert.equal(started.statusCode, 303);
    experimentId = Number(started.headers.location?.toString().match(/\/admin\/experiments\/(\d+)/)?.[1]);
    const experiment = await findExperiment(db, experimentId);
    assert.equal(experiment?.plan.readersPerVariant, 3826);
    assert.equal(experiment?.status.kind, 'running');
    const [audit] = await listAudit(db, 1);
    assert.equal(audit?.action, 'started an experiment');
    assert.match(audit?.detail ?? '', /3826 readers per variant planned/);

    const readout = await editor.get(started.headers.location?.toString() ?? '');
    assert.equal(readout.statusCode, 200);
    assert.match(readout.body, /Not yet: 7,652 more readers are needed/);
    assert.match(readout.body, /0 of 3,826/);

    await editor.get('/admin/experiments/new');
    const second = await editor.post('/admin/experiments', { ...meterExperiment, name: 'Another' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /already running/);
  });

  it('gives each anonymous reader a variant in their signed cookie, keeps it on every visit, and meters them by it', async () => {
    const seen = new Set<string>();
    for (let reader = 0; reader < 40 && seen.size < 2; reader += 1) {
      const browser = browserSession(app);
      const read = await storiesReadInFull(browser);
      const variant = variantIn(browser, experimentId);
      assert.ok(variant === 'a' || variant === 'b');
      assert.equal(read, variant === 'a' ? 3 : 5);
      // Coming back: the same variant, however many visits.
      for (let visit = 0; visit < 3; visit += 1) {
        const page = await browser.get(`/world/${slugs[0]}`);
        assert.equal(page.statusCode, 200);
        assert.equal(variantIn(browser, experimentId), variant);
      }
      seen.add(variant);
    }
    assert.deepEqual([...seen].sort(), ['a', 'b'], 'forty readers fell into both variants');
  });

  it('counts a forged variant as no variant: the reader is drawn afresh, never given the one they chose', async () => {
    const browser = browserSession(app);
    await browser.get(`/world/${slugs[0]}`);
    const cookie = browser.cookies.get(meterCookieName) ?? '';
    const variant = variantIn(browser, experimentId);
    const other = variant === 'a' ? 'b' : 'a';
    const forged = cookie.replace(`.${experimentId.toString(36)}_${variant}.`, `.${experimentId.toString(36)}_${other}.`);
    assert.notEqual(forged, cookie);
    assert.equal(decodeMeterCookie(forged, meterKey), null);
    const originalVisitor = decodeMeterCookie(cookie, meterKey)?.visitor?.id;
    browser.cookies.set(meterCookieName, forged);
    await browser.get(`/world/${slugs[1]}`);
    const fresh = decodeMeterCookie(browser.cookies.get(meterCookieName), meterKey);
    assert.ok(fresh?.visitor);
    assert.notEqual(fresh.visitor.id, originalVisitor, 'a new visitor, drawn afresh');
    assert.deepEqual(fresh.meter.articleIds.length, 1, 'and a fresh meter: the forged one counted for nothing');
  });

  it('records each exposure in the ledger, under a pseudonymous key and the variant', async () => {
    const browser = browserSession(app);
    await browser.get(`/world/${slugs[1]}`);
    const variant = variantIn(browser, experimentId);
    // The ledger writes what it buffered each second; earlier tests' exposures may be there already,
    // so wait for this reader's own.
    const exposures = () =>
      db.selectFrom('insight_events').select(['experiment_id', 'variant', 'reader_key']).where('kind', '=', 'experiment-exposure').execute();
    const isThisExposure = (event: Awaited<ReturnType<typeof exposures>>[number]) =>
      event.experiment_id === experimentId && event.variant === variant && event.reader_key !== null;
    let events = await exposures();
    for (let waited = 0; !events.some(isThisExposure) && waited < 50; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await exposures();
    }
    assert.ok(events.some(isThisExposure));
    assert.ok(events.every((event) => event.reader_key === null || /^[av]\.[A-Za-z0-9_-]{22}$/.test(event.reader_key)));
  });

  it("carries an anonymous reader's variant into their account when they log in, where it stays", async () => {
    const browser = browserSession(app);
    await browser.get(`/world/${slugs[2]}`);
    const variant = variantIn(browser, experimentId);
    const email = `merging${counter}@example.org`;
    const accountId = await insertAccount(db, {
      email,
      name: 'Merging',
      passwordHash: await hashPassword('a long reader passphrase'),
      role: 'reader',
      now: clock,
    });
    await browser.get('/login');
    const signedIn = await browser.post('/login', { email, password: 'a long reader passphrase', next: '/' });
    assert.equal(signedIn.statusCode, 303);
    assert.deepEqual(await findAccountAssignments(db, accountId, [experimentId]), [{ experimentId, variant }]);
  });

  it('stops an experiment: the readout stays, the audit log says who, and readers read by the settings again', async () => {
    const editor = await staffBrowser('admin');
    await editor.get(`/admin/experiments/${experimentId}`);
    const stopped = await editor.post(`/admin/experiments/${experimentId}/stop`, {});
    assert.equal(stopped.statusCode, 303);
    assert.equal((await findExperiment(db, experimentId))?.status.kind, 'stopped');
    assert.equal((await listAudit(db, 1))[0]?.action, 'stopped an experiment');
    assert.equal(await storiesReadInFull(browserSession(app)), 3);
    const again = await editor.post(`/admin/experiments/${experimentId}/stop`, {});
    assert.equal(again.statusCode, 409);
  });

  it('ships the winner: the variant becomes the setting every reader reads with, and the audit log says so', async () => {
    const editor = await staffBrowser('editor');
    await editor.get('/admin/experiments/new');
    const started = await editor.post('/admin/experiments', { ...meterExperiment, name: 'Five, again' });
    const id = Number(started.headers.location?.toString().match(/(\d+)/)?.[1]);
    await editor.get(`/admin/experiments/${id}`);
    const unknown = await editor.post(`/admin/experiments/${id}/ship`, { variant: 'z' });
    assert.equal(unknown.statusCode, 400);
    assert.equal((await readAccessSettings(db)).meterLimits.anonymous, 3);

    const shipped = await editor.post(`/admin/experiments/${id}/ship`, { variant: 'b' });
    assert.equal(shipped.statusCode, 303);
    assert.deepEqual((await readAccessSettings(db)).meterLimits, { anonymous: 5, registered: 10 });
    const experiment = await findExperiment(db, id);
    assert.deepEqual(experiment?.status.kind === 'shipped' ? experiment.status.variant : null, 'b');
    const [audit] = await listAudit(db, 1);
    assert.equal(audit?.action, 'shipped an experiment variant');
    assert.match(audit?.detail ?? '', /variant B \(Five\): the anonymous meter limit set to 5/);
    assert.equal(await storiesReadInFull(browserSession(app)), 5);
    assert.match((await editor.get('/admin/experiments')).body, /Shipped B \(Five\)/);
  });

  it('ships a registration wall into the paywall settings', async () => {
    const editor = await staffBrowser('editor');
    await editor.get('/admin/experiments/new');
    const started = await editor.post('/admin/experiments', {
      ...meterExperiment,
      name: 'Register after two',
      kind: 'registration-wall',
      metric: 'registered',
      'variant.a.after': '',
      'variant.b.after': '2',
    });
    assert.equal(started.statusCode, 303);
    const id = Number(started.headers.location?.toString().match(/(\d+)/)?.[1]);
    await editor.get(`/admin/experiments/${id}`);
    await editor.post(`/admin/experiments/${id}/ship`, { variant: 'b' });
    assert.equal((await readPaywallSettings(db)).registrationWallAfter, 2);
    const reader = browserSession(app);
    assert.equal(await storiesReadInFull(reader), 2);
    assert.match((await reader.get(`/world/${slugs[7]}`)).body, /Register to read this article/);
  });
});
