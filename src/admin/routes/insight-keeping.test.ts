import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { sessionCookieName } from '../../accounts/sessions.ts';
import { readInsightKeeping } from '../../insights/insight-keeping-repository.ts';

const now = new Date('2026-12-02T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const app = await buildTestApp(database, { now: () => now });

async function signedIn(role: 'admin' | 'editor') {
  const { cookie } = await signedInCookie(db, role, now);
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, cookie.slice(sessionCookieName.length + 1));
  return browser;
}

describe(`how long the insight events are kept (${dialect})`, () => {
  it('is set by administrators alone', async () => {
    assert.equal((await (await signedIn('editor')).get('/admin/insights/keeping')).statusCode, 403);
    const page = await (await signedIn('admin')).get('/admin/insights/keeping');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="keepDays"[^>]*value="400"/);
  });

  it('is saved with a line in the audit log, and the privacy page tells readers at once', async () => {
    const browser = await signedIn('admin');
    await browser.get('/admin/insights/keeping');
    const saved = await browser.post('/admin/insights/keeping', { keepDays: '180' });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await readInsightKeeping(db), { keepDays: 180 });
    const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'set how long insight events are kept').execute();
    assert.deepEqual(
      audit.map(({ action, detail }) => ({ action, detail })),
      [{ action: 'set how long insight events are kept', detail: '180 days' }],
    );
    const privacy = await app.inject({ method: 'GET', url: '/privacy' });
    assert.equal(privacy.statusCode, 200);
    assert.match(privacy.body, /kept for 180 days \(about 6 months\)/);
    assert.match(privacy.body, /No cookie banner/);
  });

  it('refuses a number out of bounds, saying why, keeping what was typed and what was saved', async () => {
    const browser = await signedIn('admin');
    await browser.get('/admin/insights/keeping');
    const refused = await browser.post('/admin/insights/keeping', { keepDays: '5000' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Keep the events for a whole number of days from 30 to 1100/);
    assert.match(refused.body, /value="5000"/);
    assert.deepEqual(await readInsightKeeping(db), { keepDays: 180 });
  });
});
