import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { meterCookieName } from '../access/meter-cookie.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { listPlans } from '../commerce/catalogue-repository.ts';
import { readAccessSettings, writeAccessSettings } from '../settings/access-settings-repository.ts';
import { buildTestApp } from '../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { browserSession } from '../../test/browser-session.ts';
import { signedInCookie } from '../../test/readers.ts';

/**
 * The API as an app uses it: sign in, page through lists, read, search, look at the account, sign
 * out. Reads are metered exactly as the web meters them, by the same meter.
 */
let clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
const settings = await readAccessSettings(db);
await writeAccessSettings(db, { ...settings, meterLimits: { anonymous: 3, registered: 4 } }, clock);

const hour = 3_600_000;
const body = (slug: string) => `Open ${slug} one.\n\nOpen ${slug} two.\n\nLOCKED ${slug} paragraph.\n\nLOCKED ${slug} ending.`;
// 23 published articles an hour apart, two of them at the same moment (the cursor must tell them apart).
const publishedIds: number[] = [];
for (let index = 0; index < 22; index += 1) {
  const section = index % 3 === 0 ? 'culture' : 'world';
  const authors = index % 4 === 0 ? (['critic'] as const) : (['reporter'] as const);
  publishedIds.push(
    await addArticle(
      db,
      seeded,
      { slug: `story-${index}`, section, authors: [...authors], body: body(`story-${index}`), publishedAt: new Date(clock.getTime() - (index + 1) * hour) },
      clock,
    ),
  );
}
publishedIds.push(await addArticle(db, seeded, { slug: 'story-twin', body: body('story-twin'), publishedAt: new Date(clock.getTime() - 5 * hour) }, clock));
await addArticle(db, seeded, { slug: 'story-draft', status: 'draft', publishedAt: null }, clock);
await addArticle(db, seeded, { slug: 'story-scheduled', status: 'scheduled', publishedAt: new Date(clock.getTime() + hour) }, clock);
await addArticle(
  db,
  seeded,
  { slug: 'premium-piece', access: 'premium', body: body('premium-piece'), publishedAt: new Date(clock.getTime() - 100 * hour) },
  clock,
);
await addArticle(
  db,
  seeded,
  { slug: 'members-piece', access: 'registered', body: body('members-piece'), publishedAt: new Date(clock.getTime() - 101 * hour) },
  clock,
);
await addArticle(db, seeded, { slug: 'open-piece', access: 'free', body: body('open-piece'), publishedAt: new Date(clock.getTime() - 102 * hour) }, clock);
const totalPublished = publishedIds.length + 3;

const password = 'a long reader passphrase';
const readerEmail = 'ana@example.org';
const readerId = await insertAccount(db, { email: readerEmail, name: 'Ana', passwordHash: await hashPassword(password), role: 'reader', now: clock });

const app = await buildTestApp(database, { now: () => clock });

type Json = Record<string, unknown>;

/** An app on a phone: it keeps the cookies it is given (as an HTTP client with a cookie jar does) and its token. */
function appClient() {
  const cookies = new Map<string, string>();
  let token: string | null = null;
  async function send(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: Json, headers: Record<string, string> = {}) {
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(cookies.size === 0 ? {} : { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload }),
    });
    const setCookie = response.headers['set-cookie'];
    for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = ''] = header.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }
  return {
    cookies,
    get token() {
      return token;
    },
    set token(value: string | null) {
      token = value;
    },
    get: (url: string, headers?: Record<string, string>) => send('GET', url, undefined, headers),
    post: (url: string, payload: Json) => send('POST', url, payload),
    delete: (url: string) => send('DELETE', url),
    async signIn(email = readerEmail, device = "Ana's iPhone") {
      const response = await send('POST', '/api/v1/sessions', { email, password, device });
      assert.equal(response.statusCode, 201, response.body);
      token = String(response.json().token);
      return response;
    },
  };
}

function errorOf(response: LightMyRequestResponse): { code: string; message: string; field?: string } {
  assert.match(String(response.headers['content-type']), /^application\/json/);
  return response.json().error;
}

async function readAll(client: ReturnType<typeof appClient>, firstUrl: string, limit: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let url: string | null = firstUrl;
  let pages = 0;
  while (url !== null) {
    const response = await client.get(url);
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json();
    assert.ok(page.articles.length <= limit);
    ids.push(...page.articles.map((article: { id: number }) => article.id));
    pages += 1;
    url = page.nextCursor === null ? null : `${firstUrl}${firstUrl.includes('?') ? '&' : '?'}cursor=${page.nextCursor}`;
  }
  return { ids, pages };
}

describe(`the JSON API for apps (${dialect})`, () => {
  describe('signing in', () => {
    it('issues a token for the device, keeping only its hash', async () => {
      const client = appClient();
      const response = await client.signIn();
      const answer = response.json();
      assert.equal(answer.device, "Ana's iPhone");
      assert.match(answer.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(response.headers['cache-control'], 'no-store');
      const stored = await db.selectFrom('api_tokens').selectAll().where('account_id', '=', readerId).execute();
      assert.ok(stored.length >= 1);
      assert.ok(stored.every((row) => row.token_hash !== answer.token && !row.token_hash.includes(answer.token)));
    });

    it('refuses a wrong password with 401 and a JSON error', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: readerEmail, password: 'not the passphrase', device: 'Phone' },
        remoteAddress: '10.9.0.1',
      });
      assert.equal(response.statusCode, 401);
      assert.equal(errorOf(response).code, 'wrong-credentials');
    });

    it('refuses unknown and missing fields with 400, naming the field', async () => {
      const extra = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: readerEmail, password, device: 'Phone', remember: true } });
      assert.equal(extra.statusCode, 400);
      assert.equal(errorOf(extra).field, 'remember');
      const missing = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: readerEmail, password } });
      assert.equal(missing.statusCode, 400);
      assert.equal(errorOf(missing).field, 'device');
      const wrongType = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: readerEmail, password: 12, device: 'Phone' } });
      assert.equal(errorOf(wrongType).field, 'password');
    });

    it('takes JSON only: a form posted from another site is refused (415)', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: new URLSearchParams({ email: readerEmail, password, device: 'Phone' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(response.statusCode, 415);
      assert.equal(errorOf(response).code, 'unsupported-media-type');
    });

    it("counts attempts against the web log-in's own limits, per address", async () => {
      const email = 'guessed@example.org';
      // The web log-in form's attempts and the API's share one counter.
      const web = browserSession(app);
      await web.get('/login');
      for (let attempt = 0; attempt < 4; attempt += 1) await web.post('/login', { email, password: 'wrong guess' });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          payload: { email, password: 'wrong guess', device: 'Phone' },
          remoteAddress: `10.8.0.${attempt + 1}`,
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) {
          assert.equal(errorOf(response).code, 'too-many-requests');
          assert.ok(Number(response.headers['retry-after']) > 0);
        }
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
    });
  });

  describe('lists', () => {
    it('pages through every published article, newest first, by cursor, each once', async () => {
      const client = appClient();
      const { ids, pages } = await readAll(client, '/api/v1/articles?limit=7', 7);
      assert.equal(ids.length, totalPublished);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(pages, Math.ceil(totalPublished / 7));
      const everything = (await client.get('/api/v1/articles?limit=50')).json();
      assert.deepEqual(
        ids,
        everything.articles.map((article: { id: number }) => article.id),
      );
      assert.equal(everything.nextCursor, null);
      const times = everything.articles.map((article: { publishedAt: string }) => article.publishedAt);
      assert.deepEqual(times, [...times].sort().reverse());
    });

    it("lists one section's or one author's articles", async () => {
      const client = appClient();
      const culture = await readAll(client, '/api/v1/articles?section=culture&limit=3', 3);
      const cultureSlugs = (await client.get('/api/v1/articles?section=culture&limit=50'))
        .json()
        .articles.map((article: { section: { slug: string } }) => article.section.slug);
      assert.equal(culture.ids.length, cultureSlugs.length);
      assert.ok(cultureSlugs.every((slug: string) => slug === 'culture'));
      const critic = (await client.get('/api/v1/articles?author=ben-critic&limit=50')).json().articles;
      assert.ok(
        critic.length > 0 && critic.every((article: { authors: { slug: string }[] }) => article.authors.some((author) => author.slug === 'ben-critic')),
      );
      const unknown = await client.get('/api/v1/articles?section=sport');
      assert.equal(unknown.statusCode, 400);
      assert.equal(errorOf(unknown).field, 'section');
    });

    it('gives no locked text, no draft and nothing scheduled', async () => {
      const answer = (await app.inject('/api/v1/articles?limit=50')).body;
      assert.ok(!answer.includes('LOCKED'));
      assert.ok(!answer.includes('story-draft') && !answer.includes('story-scheduled'));
    });

    it('refuses a malformed cursor, a page size over the maximum and unknown parameters, naming each', async () => {
      const cases: Record<string, string> = {
        '/api/v1/articles?cursor=not-a-cursor': 'cursor',
        [`/api/v1/articles?cursor=${Buffer.from('a1|2026-11-20T16:00:00.000Z|0').toString('base64url')}`]: 'cursor',
        [`/api/v1/articles?cursor=${Buffer.from('s1|20').toString('base64url')}`]: 'cursor',
        '/api/v1/articles?limit=51': 'limit',
        '/api/v1/articles?limit=0': 'limit',
        '/api/v1/articles?limit=ten': 'limit',
        '/api/v1/articles?page=2': 'page',
        '/api/v1/sections?expand=all': 'expand',
        '/api/v1/search?q=harbour&cursor=%2F%2F': 'cursor',
        '/api/v1/search?q=harbour&limit=500': 'limit',
        '/api/v1/search': 'q',
        '/api/v1/search?q=%22%22': 'q',
        '/api/v1/articles/world/story-1?fields=all': 'fields',
      };
      for (const [url, field] of Object.entries(cases)) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
        const error = errorOf(response);
        assert.equal(error.field, field, url);
        assert.ok(error.message.includes(field), `${url}: “${error.message}” names ${field}`);
      }
    });

    it('answers 304 to an app whose copy is current, and a new tag once the list changes', async () => {
      const first = await app.inject('/api/v1/articles?limit=5');
      const etag = String(first.headers.etag);
      assert.match(etag, /^W\/"/);
      assert.ok(first.headers['last-modified']);
      assert.equal((await app.inject({ url: '/api/v1/articles?limit=5', headers: { 'if-none-match': etag } })).statusCode, 304);
      assert.equal(
        (await app.inject({ url: '/api/v1/articles?limit=5', headers: { 'if-modified-since': String(first.headers['last-modified']) } })).statusCode,
        304,
      );
      assert.equal(
        (await app.inject({ url: '/api/v1/sections', headers: { 'if-none-match': String((await app.inject('/api/v1/sections')).headers.etag) } })).statusCode,
        304,
      );
      // A story breaks: the list is new.
      await addArticle(db, seeded, { slug: 'breaking', publishedAt: new Date(clock.getTime() - 60_000) }, clock);
      const later = await app.inject({ url: '/api/v1/articles?limit=5', headers: { 'if-none-match': etag } });
      assert.equal(later.statusCode, 200);
      assert.equal(later.json().articles[0].slug, 'breaking');
      assert.notEqual(later.headers.etag, etag);
    });

    it("lists the sections in the menu's order", async () => {
      const answer = (await app.inject('/api/v1/sections')).json();
      assert.deepEqual(
        answer.sections.map((section: { slug: string }) => section.slug),
        ['world', 'culture'],
      );
      assert.equal(answer.sections[0].url, 'https://news.example/world');
    });
  });

  describe('reading, on the same meter as the web', () => {
    it('gives an anonymous app that keeps cookies three articles in full, then the preview and why', async () => {
      const client = appClient();
      const remaining: number[] = [];
      for (const slug of ['story-1', 'story-2', 'story-4']) {
        const response = await client.get(`/api/v1/articles/world/${slug}`);
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['cache-control'], 'private, no-store');
        const article = response.json();
        assert.equal(article.access.state, 'full');
        assert.equal(article.blocks.length, 4);
        assert.ok(response.body.includes(`LOCKED ${slug}`));
        remaining.push(article.access.meter.remaining);
      }
      assert.deepEqual(remaining, [2, 1, 0]);
      assert.ok(client.cookies.has(meterCookieName), 'the meter lives in the signed cookie, as on the web');

      const locked = await client.get('/api/v1/articles/world/story-5');
      const article = locked.json();
      assert.equal(article.access.state, 'preview');
      assert.equal(article.access.reason, 'meter-exhausted');
      assert.deepEqual(article.access.meter, { limit: 3, used: 3, remaining: 0 });
      assert.deepEqual(
        article.blocks.map((block: { html: string }) => block.html),
        ['<p>Open story-5 one.</p>', '<p>Open story-5 two.</p>'],
      );
      assert.ok(!locked.body.includes('LOCKED'));
      assert.deepEqual(
        article.access.offers.map((offer: { headline: string }) => offer.headline),
        ['Two weeks free', 'Try 3 months for $9'],
      );

      // Re-reading a counted article is free, as on the web.
      assert.equal((await client.get('/api/v1/articles/world/story-1')).json().access.state, 'full');
      // The same cookie on the web: the site sees the same meter.
      const web = await app.inject({ url: '/world/story-7', headers: { cookie: `${meterCookieName}=${client.cookies.get(meterCookieName)}` } });
      assert.match(web.body, /class="paywall/);
      assert.ok(!web.body.includes('LOCKED story-7'));
    });

    it('gives an app without cookies what the web gives a browser without cookies: a fresh meter each time, never a locked level', async () => {
      for (let read = 0; read < 5; read += 1) {
        const response = await app.inject('/api/v1/articles/world/story-8');
        assert.equal(response.json().access.state, 'full');
        assert.deepEqual(response.json().access.meter, { limit: 3, used: 1, remaining: 2 });
        const web = await app.inject('/world/story-8');
        assert.ok(web.body.includes('LOCKED story-8'));
      }
      const members = (await app.inject('/api/v1/articles/world/members-piece')).json();
      assert.deepEqual([members.access.state, members.access.reason, members.access.meter], ['preview', 'registration-required', null]);
      const premium = (await app.inject('/api/v1/articles/world/premium-piece')).json();
      assert.deepEqual([premium.access.state, premium.access.reason], ['preview', 'subscription-required']);
      assert.equal(premium.access.offers.length, 2);
    });

    it("meters a signed-in app on the reader's own meter in the database, shared with the web", async () => {
      const { accountId, cookie } = await signedInCookie(db, 'reader', clock);
      const email = (await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow()).email;
      await db
        .updateTable('accounts')
        .set({ password_hash: await hashPassword(password) })
        .where('id', '=', accountId)
        .execute();
      // Two reads on the web first.
      for (const slug of ['story-10', 'story-11'])
        assert.ok((await app.inject({ url: `/world/${slug}`, headers: { cookie } })).body.includes(`LOCKED ${slug}`));
      const client = appClient();
      await client.signIn(email, 'Tablet');
      const me = (await client.get('/api/v1/me')).json();
      assert.deepEqual(me.entitlements, { readsEverything: false, meter: { limit: 4, used: 2, remaining: 2 } });
      const states: string[] = [];
      for (const slug of ['story-13', 'story-14', 'story-16']) states.push((await client.get(`/api/v1/articles/world/${slug}`)).json().access.state);
      assert.deepEqual(states, ['full', 'full', 'preview']);
      const locked = (await client.get('/api/v1/articles/world/story-16')).json();
      assert.equal(locked.access.reason, 'meter-exhausted');
      assert.deepEqual(locked.access.meter, { limit: 4, used: 4, remaining: 0 });
      // The web sees the API's reads: the meter is spent there too.
      assert.match((await app.inject({ url: '/world/story-17', headers: { cookie } })).body, /class="paywall/);
      // A registered reader reads a registered article, not a premium one.
      assert.equal((await client.get('/api/v1/articles/world/members-piece')).json().access.state, 'full');
      assert.equal((await client.get('/api/v1/articles/world/premium-piece')).json().access.reason, 'subscription-required');
    });

    it("takes the anonymous reads the app's cookie carried into the reader's meter at sign-in, as the web does", async () => {
      const accountId = await insertAccount(db, {
        email: 'merging@example.org',
        name: 'Merging',
        passwordHash: await hashPassword(password),
        role: 'reader',
        now: clock,
      });
      const client = appClient();
      await client.get('/api/v1/articles/world/story-19');
      await client.get('/api/v1/articles/world/story-20');
      await client.signIn('merging@example.org', 'Phone');
      assert.ok(!client.cookies.has(meterCookieName), 'the anonymous meter cookie is cleared');
      const rows = await db.selectFrom('meter_reads').select('article_id').where('account_id', '=', accountId).execute();
      assert.equal(rows.length, 2);
    });

    it('opens everything to a subscriber, and says so on /me', async () => {
      const accountId = await insertAccount(db, {
        email: 'subscriber@example.org',
        name: 'Sub',
        passwordHash: await hashPassword(password),
        role: 'reader',
        now: clock,
      });
      const [plan] = await listPlans(db);
      assert.ok(plan);
      await addActiveSubscription(db, { accountId, planId: plan.id, now: clock });
      const client = appClient();
      await client.signIn('subscriber@example.org', 'Phone');
      const premium = await client.get('/api/v1/articles/world/premium-piece');
      assert.deepEqual(premium.json().access, { state: 'full', reason: null, meter: null, offers: [] });
      assert.ok(premium.body.includes('LOCKED premium-piece'));
      const me = (await client.get('/api/v1/me')).json();
      assert.equal(me.subscription.status, 'active');
      assert.equal(me.subscription.planName, plan.name);
      assert.deepEqual(me.entitlements, { readsEverything: true, meter: null });
    });

    it('answers 404 in JSON for an article that is not published', async () => {
      for (const url of ['/api/v1/articles/world/story-draft', '/api/v1/articles/world/story-scheduled', '/api/v1/articles/world/nothing-here']) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(errorOf(response).code, 'not-found');
      }
    });

    it("moves an app from an old address to the article's own, as the site does, after a rename or a move", async () => {
      const moved = await app.inject('/api/v1/articles/culture/story-1');
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, '/api/v1/articles/world/story-1');
      const { id } = await db.selectFrom('articles').select('id').where('slug', '=', 'open-piece').executeTakeFirstOrThrow();
      await db.insertInto('slug_redirects').values({ old_slug: 'open-piece-first-name', article_id: id }).execute();
      const renamed = await app.inject('/api/v1/articles/world/open-piece-first-name');
      assert.equal(renamed.statusCode, 301);
      assert.equal(renamed.headers.location, '/api/v1/articles/world/open-piece');
    });
  });

  describe('search', () => {
    it("pages through the site's own search results by cursor, quoting only open text", async () => {
      const client = appClient();
      const first = (await client.get('/api/v1/search?q=open&limit=10')).json();
      assert.ok(first.total > 10);
      const ids = first.results.map((result: { article: { id: number } }) => result.article.id);
      let cursor: string | null = first.nextCursor;
      while (cursor !== null) {
        const page = (await client.get(`/api/v1/search?q=open&limit=10&cursor=${cursor}`)).json();
        ids.push(...page.results.map((result: { article: { id: number } }) => result.article.id));
        cursor = page.nextCursor;
      }
      assert.equal(ids.length, first.total);
      assert.equal(new Set(ids).size, ids.length);
      // Every article says LOCKED in its locked part; only the free one, all of it open, says it where anyone may read.
      const locked = (await client.get('/api/v1/search?q=locked')).json();
      assert.deepEqual(
        locked.results.map((result: { article: { accessLevel: string } }) => result.article.accessLevel),
        ['free'],
        'the locked part is never matched',
      );
    });
  });

  describe('the account and its devices', () => {
    it('needs a token for /me: none, a made-up one and a web session cookie all get 401', async () => {
      const { cookie } = await signedInCookie(db, 'reader', clock);
      for (const headers of [{}, { authorization: 'Bearer made-up-token' }, { authorization: 'Basic YW5hOnBhc3M=' }, { cookie }]) {
        const response = await app.inject({ url: '/api/v1/me', headers });
        assert.equal(response.statusCode, 401, JSON.stringify(headers));
        assert.equal(errorOf(response).code, 'unauthorized');
        assert.equal(response.headers['www-authenticate'], 'Bearer');
      }
    });

    it('tells the reader about their account', async () => {
      const client = appClient();
      await client.signIn();
      const response = await client.get('/api/v1/me');
      assert.equal(response.headers['cache-control'], 'private, no-store');
      const me = response.json();
      assert.deepEqual(me.account, { id: readerId, email: readerEmail, name: 'Ana', role: 'reader' });
      assert.equal(me.subscription, null);
    });

    it('signs the device out: its token is refused from then on, on every route', async () => {
      const client = appClient();
      await client.signIn();
      assert.equal((await client.delete('/api/v1/sessions/current')).statusCode, 204);
      for (const url of ['/api/v1/me', '/api/v1/articles', '/api/v1/sections', '/api/v1/articles/world/story-1', '/api/v1/search?q=open']) {
        const response = await client.get(url);
        assert.equal(response.statusCode, 401, url);
        assert.equal(errorOf(response).code, 'unauthorized');
      }
      assert.equal((await client.delete('/api/v1/sessions/current')).statusCode, 401);
    });

    it('notes when a device was last used, at most once a minute', async () => {
      const client = appClient();
      await client.signIn(readerEmail, 'Watch');
      const lastUsed = async () =>
        (await db.selectFrom('api_tokens').select('last_used_at').where('device_name', '=', 'Watch').executeTakeFirstOrThrow()).last_used_at;
      const signedInAt = await lastUsed();
      const start = clock;
      try {
        clock = new Date(start.getTime() + 30_000);
        await client.get('/api/v1/me');
        assert.equal(await lastUsed(), signedInAt);
        clock = new Date(start.getTime() + 61_000);
        await client.get('/api/v1/me');
        assert.equal(await lastUsed(), clock.toISOString());
      } finally {
        clock = start;
      }
    });
  });

  describe("answers in JSON, never the site's pages", () => {
    it('answers an unknown API address or method with a JSON 404', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/nothing/here'],
        ['PUT', '/api/v1/articles'],
        ['POST', '/api/v1/me'],
      ] as const) {
        const response = await app.inject({ method, url });
        assert.equal(response.statusCode, 404, `${method} ${url}`);
        assert.equal(errorOf(response).code, 'not-found');
      }
    });

    it('says at its own address where its description is', async () => {
      for (const url of ['/api/v1', '/api/v1/']) {
        assert.deepEqual((await app.inject(url)).json(), {
          openapi: 'https://news.example/api/v1/openapi.json',
          reference: 'https://news.example/api/v1/docs',
        });
      }
    });

    it("answers a body it cannot read with a JSON 400 or 413, never the site's error page", async () => {
      const broken = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: '{"email":', headers: { 'content-type': 'application/json' } });
      assert.equal(broken.statusCode, 400);
      assert.equal(errorOf(broken).code, 'bad-request');
      const huge = await app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(20_000), device: 'Phone' }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(huge.statusCode, 413);
      assert.equal(errorOf(huge).code, 'too-large');
    });
  });
});
