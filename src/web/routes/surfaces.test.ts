import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openFixtureSite } from '../../../test/site-fixture.ts';

const { app, dialect } = await openFixtureSite();

describe('the health check', () => {
  it('answers 200 with the database it checked', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'ok');
    assert.equal(response.json().database, dialect);
    assert.equal(response.headers['cache-control'], 'no-store');
  });
});

describe('security headers', () => {
  it('send a strict Content-Security-Policy with no inline script or style', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    const policy = response.headers['content-security-policy'] ?? '';
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /script-src 'self'/);
    assert.doesNotMatch(String(policy), /unsafe-inline/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  it('allow the one inline stylesheet every page carries by its hash, and nothing else inline', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    const stylesheets = [...response.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
    assert.equal(stylesheets.length, 1);
    const hash = `'sha256-${createHash('sha256').update(stylesheets[0] ?? '').digest('base64')}'`;
    assert.match(String(response.headers['content-security-policy']), new RegExp(`style-src 'self' ${hash.replace(/[+/]/g, '\\$&')}(;|$)`));
    assert.doesNotMatch(response.body, /<link rel="stylesheet"/);
  });
});

describe('page weight', () => {
  it('inlines the theme\'s stylesheet minified, with the fonts of the declared scripts only, preloaded', async () => {
    const { body } = await app.inject({ method: 'GET', url: '/' });
    const css = body.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    assert.doesNotMatch(css, /\n {2}/, 'minified');
    assert.ok(css.includes('.masthead'), 'the theme\'s own rules');
    assert.deepEqual([...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]), ['/assets/fonts/source-serif-4-latin-400-normal.woff2', '/assets/fonts/source-serif-4-latin-700-normal.woff2']);
    assert.match(body, /<link rel="preload" href="\/assets\/fonts\/source-serif-4-latin-400-normal.woff2" as="font" type="font\/woff2" crossorigin>/);
  });

  it('serves no font file the stylesheet does not declare', async () => {
    for (const file of ['source-serif-4-latin-ext-400-normal.woff2', 'source-serif-4-cyrillic-400-normal.woff2', 'source-serif-4-latin-400-italic.woff2']) {
      assert.equal((await app.inject({ method: 'GET', url: `/assets/fonts/${file}` })).statusCode, 404, file);
    }
  });

  it('sends a page with a reader\'s own details in it compressed, as the same page in full', async () => {
    const plain = await app.inject({ method: 'GET', url: '/offers' });
    const zipped = await app.inject({ method: 'GET', url: '/offers', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers.vary), /Accept-Encoding/);
    assert.equal(gunzipSync(zipped.rawPayload).toString().replace(/value="[^"]+"/g, ''), plain.body.replace(/value="[^"]+"/g, ''));
    assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 3);
  });
});

describe('static files', () => {
  it('serves the theme\'s stylesheet and the self-hosted fonts', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/assets/site.css' })).statusCode, 200);
    const font = await app.inject({ method: 'GET', url: '/assets/fonts/source-serif-4-latin-400-normal.woff2' });
    assert.equal(font.statusCode, 200);
    assert.match(String(font.headers['cache-control']), /immutable/);
  });

  it('refuses to walk out of the media folder', async () => {
    const response = await app.inject({ method: 'GET', url: '/media/..%2f..%2fsecret' });
    assert.ok([403, 404].includes(response.statusCode));
    assert.doesNotMatch(response.body, /[A-Za-z0-9_-]{43}/);
  });
});
