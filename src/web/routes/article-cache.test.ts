import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { writePublicationSettings } from '../../settings/settings-repository.ts';
import { cookieFrom, signedInCookie } from '../../../test/readers.ts';
import { gunzipSync } from 'node:zlib';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, now);
await addArticle(database.db, seeded, { slug: 'cached-story', access: 'free', headline: 'First headline' }, now);
// Two instances of the app on one database, as behind a load balancer.
const first = await buildTestApp(database, { now: () => now });
const second = await buildTestApp(database, { now: () => now });

describe(`cached article pages (${database.dialect})`, () => {
  it('show an edit made anywhere on the very next request, on every instance', async () => {
    assert.match((await first.inject('/world/cached-story')).body, /First headline/);
    assert.match((await second.inject('/world/cached-story')).body, /First headline/);
    await addArticle(database.db, seeded, { slug: 'cached-story', access: 'free', headline: 'Corrected headline' }, now);
    assert.match((await first.inject('/world/cached-story')).body, /Corrected headline/);
    assert.match((await second.inject('/world/cached-story')).body, /Corrected headline/);
  });

  it("show a change of the publication's name at once", async () => {
    await writePublicationSettings(database.db, { name: 'The Renamed Gazette', tagline: 'x', locale: 'en-US', timeZone: 'UTC' }, now);
    assert.match((await first.inject('/world/cached-story')).body, /The Renamed Gazette/);
  });

  it("keep each reader's meter their own", async () => {
    await addArticle(database.db, seeded, { slug: 'metered-cached', headline: 'Metered cached' }, now);
    const anonymous = await first.inject('/world/metered-cached');
    assert.match(anonymous.body, /You have 2 free articles left/);
    const again = await first.inject('/world/metered-cached');
    assert.match(again.body, /You have 2 free articles left/);
    assert.ok(again.headers['set-cookie'], 'every new reader still gets a meter cookie from a cached page');
  });

  it('tell each reader their own count on one cached page', async () => {
    await addArticle(database.db, seeded, { slug: 'metered-second', headline: 'Metered second' }, now);
    const firstRead = await second.inject('/world/metered-cached');
    const meter = cookieFrom(firstRead.headers['set-cookie'], 'dl_meter');
    const returning = await second.inject({ url: '/world/metered-second', headers: { cookie: `dl_meter=${meter}` } });
    const newcomer = await second.inject('/world/metered-second');
    assert.match(returning.body, /You have 1 free article left/);
    assert.match(newcomer.body, /You have 2 free articles left/);
    assert.doesNotMatch(returning.body + newcomer.body, /dl-slot-/);
  });

  it('send a page gzipped when the browser takes it, and as it is when it does not', async () => {
    const plain = await first.inject('/world/cached-story');
    const gzipped = await first.inject({ url: '/world/cached-story', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const brotliOnly = await first.inject({ url: '/world/cached-story', headers: { 'accept-encoding': 'br' } });
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzipped.rawPayload).toString(), plain.body);
    assert.ok(gzipped.rawPayload.length < plain.rawPayload.length / 3);
    assert.match(String(gzipped.headers.vary), /Accept-Encoding/);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(brotliOnly.headers['content-encoding'], undefined);
    assert.equal(brotliOnly.body, plain.body);
  });

  it("send a page with a reader's own details in it gzipped as well, their details in it", async () => {
    const { cookie } = await signedInCookie(database.db, 'reader', now);
    const page = await first.inject({ url: '/world/cached-story', headers: { cookie, 'accept-encoding': 'gzip' } });
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(page.rawPayload).toString(), /reader \d+/);
  });

  it('show a new article on the cached home page and section front at once', async () => {
    assert.doesNotMatch((await first.inject('/')).body, /Breaking: a new story/);
    assert.doesNotMatch((await first.inject('/world')).body, /Breaking: a new story/);
    await addArticle(database.db, seeded, { slug: 'breaking-new-story', access: 'free', headline: 'Breaking: a new story' }, now);
    assert.match((await first.inject('/')).body, /Breaking: a new story/);
    assert.match((await second.inject('/world')).body, /Breaking: a new story/);
  });

  it('serve one rendering to every signed-in reader, each with their own name and log-out token', async () => {
    const readers = await Promise.all(
      ["Ana <b>O'Neil</b>", 'Bo & Co'].map(async (name, index) => {
        const accountId = await insertAccount(database.db, { email: `cached${index}@example.org`, name, passwordHash: null, role: 'reader', now });
        return { name, cookie: `${sessionCookieName}=${(await openSession(database.db, accountId, now)).token}` };
      }),
    );
    const [ana, bo] = await Promise.all(readers.map((reader) => first.inject({ url: '/world/cached-story', headers: { cookie: reader.cookie } })));
    assert.ok(ana && bo);
    assert.match(ana.body, /Ana &lt;b&gt;O&#39;Neil&lt;\/b&gt;/);
    assert.doesNotMatch(ana.body, /Bo &amp; Co|dl-slot-/);
    assert.match(bo.body, /Bo &amp; Co/);
    assert.doesNotMatch(bo.body, /Ana|dl-slot-/);
    assert.equal(ana.headers['cache-control'], 'private, no-store');

    const token = /name="_csrf" value="([^"]+)"/.exec(ana.body)?.[1];
    const csrfCookie = cookieFrom(ana.headers['set-cookie'], 'dl_csrf');
    assert.ok(token && csrfCookie, 'the log-out form carries a token of its own');
    const loggedOut = await first.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: `${readers[0]?.cookie}; dl_csrf=${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    assert.equal(loggedOut.statusCode, 303);
  });
});
