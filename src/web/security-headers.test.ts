import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headersNeedlessFor, securityHeaders } from './security-headers.ts';

describe('the security headers', () => {
  it('carry a Content-Security-Policy that allows nothing inline and nothing from elsewhere', () => {
    const policy = securityHeaders({ isHttps: true })['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]) {
      assert.ok(policy.includes(directive), directive);
    }
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  });

  it("allow inline style only by the hashes given, one for each of the theme's stylesheet bundles", () => {
    const policy = securityHeaders({ isHttps: false, styleHashes: ["'sha256-abc='", "'sha256-def='"] })['content-security-policy'] ?? '';
    assert.match(policy, /style-src 'self' 'sha256-abc=' 'sha256-def='(;|$)/);
    assert.match(policy, /script-src 'self';/);
  });

  it('ask browsers for https only when the site is served over https', () => {
    assert.match(securityHeaders({ isHttps: true })['strict-transport-security'] ?? '', /max-age=\d+/);
    assert.match(securityHeaders({ isHttps: true })['content-security-policy'] ?? '', /upgrade-insecure-requests/);
    assert.equal(securityHeaders({ isHttps: false })['strict-transport-security'], undefined);
    assert.doesNotMatch(securityHeaders({ isHttps: false })['content-security-policy'] ?? '', /upgrade-insecure-requests/);
  });

  it("keep helmet's other protections", () => {
    const headers = securityHeaders({ isHttps: false });
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(headers['referrer-policy'], 'same-origin');
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin');
  });

  it('spare the files a page loads the headers only a document heeds, but never a page, a feed or an SVG', () => {
    for (const type of [
      'font/woff2',
      'image/avif',
      'image/webp',
      'image/jpeg',
      'text/css; charset=utf-8',
      'application/javascript; charset=utf-8',
      'text/javascript',
    ]) {
      assert.ok(headersNeedlessFor(type).includes('content-security-policy'), type);
      assert.ok(!headersNeedlessFor(type).includes('x-content-type-options'), `${type} keeps nosniff`);
    }
    for (const type of ['text/html; charset=utf-8', 'image/svg+xml', 'application/rss+xml', 'application/json', 'text/plain', undefined]) {
      assert.deepEqual(headersNeedlessFor(type), [], String(type));
    }
  });
});
