import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
