import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openFixtureSite } from '../../../test/site-fixture.ts';
import { robotsTxt } from './robots.ts';

function patternToRegExp(pattern: string): RegExp {
  const isAnchored = pattern.endsWith('$');
  const body = (isAnchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${isAnchored ? '$' : ''}`);
}

/** Whether a crawler following RFC 9309 (longest match wins, "$" ends a rule) may fetch a path. */
function isAllowed(robots: string, path: string): boolean {
  const rules = robots
    .split('\n')
    .map((line) => /^(Allow|Disallow): (.*)$/.exec(line))
    .flatMap((match) => (match ? [{ allow: match[1] === 'Allow', pattern: match[2] ?? '' }] : []));
  const matching = rules.filter(({ pattern }) => patternToRegExp(pattern).test(path));
  const longest = matching.sort((a, b) => b.pattern.length - a.pattern.length || Number(b.allow) - Number(a.allow))[0];
  return longest?.allow ?? true;
}

describe('robots.txt', () => {
  const robots = robotsTxt(new URL('https://news.example/'));

  it('opens the site: fronts, sections, articles, authors, feeds and the search page itself', () => {
    for (const path of [
      '/',
      '/world',
      '/world/ceasefire-agreed',
      '/authors/ada-reporter',
      '/feed.xml',
      '/world/feed.xml',
      '/search',
      '/accounting/a-story',
      '/administration',
      '/checkouts-of-history/x',
      '/apiary',
    ]) {
      assert.equal(isAllowed(robots, path), true, path);
    }
  });

  it("closes the newsroom, readers' own pages, checkout, private feeds, the API and search results", () => {
    for (const path of [
      '/admin',
      '/admin/articles/3',
      '/account',
      '/account?tab=devices',
      '/account/password',
      '/checkout',
      '/checkout/test/5',
      '/feeds/private/abc/feed.xml',
      '/api/v1/articles',
      '/search?q=harbour',
    ]) {
      assert.equal(isAllowed(robots, path), false, path);
    }
  });

  it('names the sitemap index by its absolute address', () => {
    assert.match(robots, /^Sitemap: https:\/\/news.example\/sitemap.xml$/m);
  });

  it("keeps to PUBLIC_URL's own path when the site lives under one", () => {
    const underPath = robotsTxt(new URL('https://example.org/courier/'));
    assert.match(underPath, /^Disallow: \/courier\/admin\/$/m);
    assert.match(underPath, /^Sitemap: https:\/\/example.org\/courier\/sitemap.xml$/m);
  });
});

describe('the robots.txt address', async () => {
  const { app } = await openFixtureSite();
  it('is plain text that crawlers may keep', async () => {
    const response = await app.inject({ method: 'GET', url: '/robots.txt' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.match(String(response.headers['cache-control']), /public, max-age=\d+/);
    assert.match(response.body, /^User-agent: \*$/m);
  });
});
