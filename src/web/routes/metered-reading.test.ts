import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { meterCookieName } from '../../access/meter-cookie.ts';
import { registerThroughSite, signedInCookie } from '../../../test/readers.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, now);
for (let index = 1; index <= 6; index += 1) {
  await addArticle(
    database.db,
    seeded,
    { slug: `metered-${index}`, headline: `Metered story ${index}`, body: `Open ${index}.\n\nStill open ${index}.\n\nLOCKED-${index} paragraph.` },
    now,
  );
}
await addArticle(database.db, seeded, { slug: 'free-story', access: 'free' }, now);
await addArticle(database.db, seeded, { slug: 'premium-story', access: 'premium' }, now);
await addArticle(database.db, seeded, { slug: 'registered-story', access: 'registered' }, now);
const app = await buildTestApp(database, { now: () => now });

const notice = (html: string) => html.match(/class="[^"]*notice[^"]*"[^>]*>([\s\S]*?)<\//)?.[1]?.trim() ?? null;

describe(`a new reader on the metered site (${database.dialect})`, () => {
  it('sees two left, one left, the last, then the paywall with only the preview', async () => {
    const browser = browserSession(app);
    const pages = [];
    for (let index = 1; index <= 4; index += 1) pages.push((await browser.get(`/world/metered-${index}`)).body);
    assert.match(pages[0] ?? '', /You have 2 free articles left this month/);
    assert.match(pages[1] ?? '', /You have 1 free article left this month/);
    assert.match(pages[2] ?? '', /This is your last free article this month/);
    assert.ok(pages[2]?.includes('LOCKED-3'));
    assert.match(pages[3] ?? '', /Subscribe to keep reading/);
    assert.match(pages[3] ?? '', /Open 4\./);
    assert.ok(!pages[3]?.includes('LOCKED-4'));
    assert.equal(notice(pages[3] ?? ''), null);
  });

  it('re-reads a counted article at no cost', async () => {
    const browser = browserSession(app);
    for (let index = 1; index <= 3; index += 1) await browser.get(`/world/metered-${index}`);
    const again = await browser.get('/world/metered-1');
    assert.ok(again.body.includes('LOCKED-1'));
    assert.ok(!(await browser.get('/world/metered-5')).body.includes('LOCKED-5'));
  });

  it('never counts a free article', async () => {
    const browser = browserSession(app);
    await browser.get('/world/free-story');
    await browser.get('/world/free-story');
    assert.match((await browser.get('/world/metered-1')).body, /You have 2 free articles left this month/);
  });

  it('shows the registration wall on registered articles and the subscription wall on premium ones', async () => {
    const browser = browserSession(app);
    const registeredPage = (await browser.get('/world/registered-story')).body;
    assert.match(registeredPage, /Register to read this article/);
    assert.match(registeredPage, /href="\/register\?next=%2Fworld%2Fregistered-story"/);
    assert.match((await browser.get('/world/premium-story')).body, /This article is for subscribers/);
  });

  it("raises the limit on registering and keeps the count, with the cookie's reads merged in", async () => {
    const browser = browserSession(app);
    for (let index = 1; index <= 4; index += 1) await browser.get(`/world/metered-${index}`);
    const registered = await registerThroughSite(browser, database.dataDir, {
      name: 'Ada',
      email: 'Ada.Reader@Example.org',
      password: 'a long passphrase',
      next: '/world/metered-4',
    });
    assert.equal(registered.statusCode, 303);
    assert.equal(registered.headers.location, '/world/metered-4');
    assert.ok(!browser.cookies.has(meterCookieName), 'the anonymous meter cookie is cleared');
    const fourth = (await browser.get('/world/metered-4')).body;
    assert.ok(fourth.includes('LOCKED-4'));
    assert.match(fourth, /You have 6 free articles left this month/);
    assert.ok((await browser.get('/world/metered-1')).body.includes('LOCKED-1'));
    assert.match((await browser.get('/world/registered-story')).body, /class="article-body__locked"/);
  });

  it('keeps meter pages out of shared caches, and lets a cookieless free page be cached briefly', async () => {
    const metered = await app.inject({ method: 'GET', url: '/world/metered-1' });
    assert.equal(metered.headers['cache-control'], 'private, no-store');
    assert.match(
      String(metered.headers['set-cookie']),
      new RegExp(
        `${meterCookieName}=m3\\.2026-11\\.[0-9a-z]+\\.[A-Za-z0-9_-]{22}\\.\\.[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=/; HttpOnly; Secure; SameSite=Lax`,
      ),
    );
    // The browser keeps its visitor id from one read to the next.
    const cookie = String(metered.headers['set-cookie']).split(';')[0] ?? '';
    const next = await app.inject({ method: 'GET', url: '/world/metered-2', headers: { cookie } });
    assert.equal(String(next.headers['set-cookie']).split('.')[3], cookie.split('.')[3]);
    const free = await app.inject({ method: 'GET', url: '/world/free-story' });
    assert.equal(free.headers['cache-control'], 'public, max-age=60');
    assert.equal(free.headers['set-cookie'], undefined);
    const freeWithCookie = await app.inject({ method: 'GET', url: '/world/free-story', headers: { cookie: 'other=1' } });
    assert.equal(freeWithCookie.headers['cache-control'], 'private, no-store');
  });

  it('treats a meter cookie from another secret, or for last month, as a fresh meter', async () => {
    const forged = await app.inject({ method: 'GET', url: '/world/metered-5', headers: { cookie: `${meterCookieName}=m1.2026-11.1-2-3.${'x'.repeat(43)}` } });
    assert.match(forged.body, /You have 2 free articles left this month/);
  });

  it("lets staff read everything, uncounted, and tells them each article's level", async () => {
    const { cookie } = await signedInCookie(database.db, 'editor', now);
    const premium = await app.inject({ method: 'GET', url: '/world/premium-story', headers: { cookie } });
    assert.match(premium.body, /Staff view · Subscriber exclusive \(premium\)/);
    assert.match(premium.body, /class="article-body__locked"/);
    const metered = await app.inject({ method: 'GET', url: '/world/metered-6', headers: { cookie } });
    assert.match(metered.body, /Staff view · Metered \(metered\)/);
    assert.equal(notice(metered.body), null);
  });
});
