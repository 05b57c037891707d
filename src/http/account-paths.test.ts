import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { returnPathOf, safeNextPath, withNext } from './account-paths.ts';

describe('where a reader is sent after logging in (safeNextPath)', () => {
  it('keeps a path of the site, with its query', () => {
    assert.equal(safeNextPath('/world/some-story'), '/world/some-story');
    assert.equal(safeNextPath('/search?q=elections&page=2'), '/search?q=elections&page=2');
    assert.equal(safeNextPath('/account'), '/account');
  });

  it('sends home for anything that is not a path: absolute addresses, schemes, network-path references', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      42,
      undefined,
      null,
    ]) {
      assert.equal(safeNextPath(next), '/', String(next));
    }
  });

  it('sends home for a path that only leaves the site once its dot segments are resolved', () => {
    for (const next of [
      '/.//evil.example/phish',
      '/..//evil.example/x',
      '/a/../..//evil.example',
      '/%2e//evil.example',
      '/%2E%2E//evil.example',
      '/.%2e//evil.example',
      '/x/%2e%2e/%2e%2e//evil.example/y',
      '/././/evil.example',
    ]) {
      const path = safeNextPath(next);
      assert.equal(path, '/', `${next} gave ${path}`);
    }
  });

  it('answers with the resolved path, not the one it was given', () => {
    assert.equal(safeNextPath('/world/./some-story'), '/world/some-story');
    assert.equal(safeNextPath('/world/../culture/%2e/review'), '/culture/review');
    assert.equal(safeNextPath('/a/../b?c=d'), '/b?c=d');
  });

  it('never answers with anything a browser would resolve off the site', () => {
    const pieces = ['/', '//', '.', '..', '%2e', '%2E', '\\', '%5c', '%2f', '\t', '\n', '@', 'evil.example', 'news.example', ':'];
    let tried = 0;
    // Every spelling of up to five pieces, starting with a slash as a `next` must.
    const spell = (prefix: string, depth: number): void => {
      tried += 1;
      const path = safeNextPath(prefix);
      assert.equal(new URL(path, 'https://news.example/login').origin, 'https://news.example', `${JSON.stringify(prefix)} gave ${path}`);
      assert.ok(path.startsWith('/') && !path.startsWith('//'), `${JSON.stringify(prefix)} gave ${path}`);
      if (depth < 4) for (const piece of pieces) spell(`${prefix}${piece}`, depth + 1);
    };
    spell('/', 0);
    assert.ok(tried > 50_000);
  });

  it('leaves home without a `next` when passing it on to another account page', () => {
    assert.equal(withNext('/register', '/'), '/register');
    assert.equal(withNext('/register', '/world?x=1'), '/register?next=%2Fworld%3Fx%3D1');
  });
});

describe('the return address a page’s Log in and Register links carry (returnPathOf)', () => {
  it('is the page’s own path and query', () => {
    assert.equal(returnPathOf('/world/some-story'), '/world/some-story');
    assert.equal(returnPathOf('/search?q=elections&page=2'), '/search?q=elections&page=2');
    assert.equal(returnPathOf('/offers'), '/offers');
  });

  it('on the log-in and registration pages, is the `next` they carry, so it does not lead back to them', () => {
    assert.equal(returnPathOf('/login?next=%2Fworld%2Fsome-story'), '/world/some-story');
    assert.equal(returnPathOf('/register?next=%2Foffers'), '/offers');
    assert.equal(returnPathOf('/register'), '/');
  });

  it('never carries an address off the site', () => {
    assert.equal(returnPathOf('//evil.example/x'), '/');
    assert.equal(returnPathOf('/login?next=%2F%2Fevil.example'), '/');
  });
});
