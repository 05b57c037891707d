import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { crossOriginOptionsFor, isCrossOriginPath } from './cross-origin.ts';

describe('which paths other sites may read', () => {
  it("takes in the API, oEmbed and every feed: the site's, a section's, an author's, a private one", () => {
    for (const path of [
      '/api/v1',
      '/api/v1/articles',
      '/api/v1/openapi.json',
      '/feed.xml',
      '/atom.xml',
      '/feed.json',
      '/world/feed.xml',
      '/world/atom.xml',
      '/authors/ada-reporter/feed.json',
      '/feeds/private/abc/feed.xml',
      '/oembed',
    ]) {
      assert.equal(isCrossOriginPath(path), true, path);
    }
  });

  it('leaves out the pages, accounts, the newsroom, forms and look-alike paths', () => {
    for (const path of [
      '/',
      '/world',
      '/world/some-story',
      '/account',
      '/login',
      '/admin',
      '/admin/articles',
      '/offers',
      '/checkout',
      '/search',
      '/api',
      '/api/v2/articles',
      '/api/v1x',
      '/feed.xml.bak',
      '/world/feed.xml.bak',
      '/world/myfeed.xml',
      '/feedsx',
      '/oembedded',
      '/sitemap.xml',
    ]) {
      assert.equal(isCrossOriginPath(path), false, path);
    }
  });

  it('grants nothing when no origin is listed, and never credentials', () => {
    assert.deepEqual(crossOriginOptionsFor('/api/v1/articles', []), { origin: false });
    assert.deepEqual(crossOriginOptionsFor('/account?x=1', ['https://app.example']), { origin: false });
    const granted = crossOriginOptionsFor('/oembed?url=x', ['https://app.example']);
    assert.deepEqual(granted.origin, ['https://app.example']);
    assert.equal(granted.credentials, false);
  });
});

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, now);
await addArticle(database.db, seeded, { slug: 'open-piece', access: 'free' }, now);
const app = await buildTestApp(database, { now: () => now, env: { CORS_ORIGINS: 'https://app.example,https://partner.example' } });
const closedApp = await buildTestApp(database, { now: () => now });
after(async () => {
  await app.close();
  await closedApp.close();
});

describe(`cross-origin access over HTTP (${database.dialect})`, () => {
  it('echoes a listed origin on a feed, and says the answer varies by origin', async () => {
    const response = await app.inject({ method: 'GET', url: '/feed.xml', headers: { origin: 'https://partner.example' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['access-control-allow-origin'], 'https://partner.example');
    assert.match(String(response.headers.vary), /Origin/);
    assert.equal(response.headers['access-control-allow-credentials'], undefined);
  });

  it('covers the feeds of a section and of an author', async () => {
    for (const url of ['/world/feed.xml', '/authors/ada-reporter/atom.xml']) {
      const response = await app.inject({ method: 'GET', url, headers: { origin: 'https://app.example' } });
      assert.equal(response.headers['access-control-allow-origin'], 'https://app.example', url);
    }
  });

  it('covers the API, whatever it answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/sections', headers: { origin: 'https://app.example' } });
    assert.equal(response.headers['access-control-allow-origin'], 'https://app.example');
    // An app's page can read a list's validators, and how long a 429 asks it to wait.
    assert.equal(response.headers['access-control-expose-headers'], 'ETag, Last-Modified, Retry-After');
  });

  it('gives an unlisted origin nothing', async () => {
    const response = await app.inject({ method: 'GET', url: '/feed.xml', headers: { origin: 'https://evil.example' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['access-control-allow-origin'], undefined);
  });

  it('never opens the HTML pages, accounts, the newsroom or forms, even to a listed origin', async () => {
    for (const url of ['/', '/world', '/world/open-piece', '/account', '/login', '/admin', '/offers', '/sitemap.xml']) {
      const response = await app.inject({ method: 'GET', url, headers: { origin: 'https://app.example' } });
      assert.equal(response.headers['access-control-allow-origin'], undefined, url);
      assert.doesNotMatch(String(response.headers.vary ?? ''), /Origin/, url);
    }
    const head = await app.inject({ method: 'HEAD', url: '/world', headers: { origin: 'https://app.example' } });
    assert.equal(head.headers['access-control-allow-origin'], undefined);
    const form = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { origin: 'https://app.example' },
      payload: { email: 'a@b.example', password: 'x' },
    });
    assert.equal(form.headers['access-control-allow-origin'], undefined);
  });

  it('answers the preflight of an API request from a listed origin', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/articles?limit=5',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], 'https://app.example');
    assert.match(String(response.headers['access-control-allow-methods']), /POST/);
    assert.match(String(response.headers['access-control-allow-headers']), /Authorization/);
    assert.equal(response.headers['access-control-allow-credentials'], undefined);
  });

  it('refuses the preflight of an unlisted origin, and any preflight for a page or form', async () => {
    const unlisted = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/articles',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(unlisted.headers['access-control-allow-origin'], undefined);
    const form = await app.inject({ method: 'OPTIONS', url: '/account', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    assert.equal(form.statusCode, 404);
    assert.equal(form.headers['access-control-allow-origin'], undefined);
  });

  it('opens nothing to anyone when CORS_ORIGINS is unset', async () => {
    const response = await closedApp.inject({ method: 'GET', url: '/feed.xml', headers: { origin: 'https://app.example' } });
    assert.equal(response.headers['access-control-allow-origin'], undefined);
    const preflight = await closedApp.inject({
      method: 'OPTIONS',
      url: '/api/v1/articles',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.statusCode, 404);
  });
});
