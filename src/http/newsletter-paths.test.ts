import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preferencesUrl, unsubscribeUrl } from './newsletter-paths.ts';

describe("a newsletter message's session-less addresses", () => {
  it("puts the token in the query of the site's own pages", () => {
    const site = new URL('https://news.example/');
    assert.equal(unsubscribeUrl(site, 'u1.a.b.sig').href, 'https://news.example/newsletters/unsubscribe?token=u1.a.b.sig');
    assert.equal(preferencesUrl(site, 'p1.a.sig').href, 'https://news.example/newsletters/preferences?token=p1.a.sig');
  });

  it('keeps a site served under a path, and escapes the token', () => {
    const site = new URL('https://example.org/daily/');
    assert.equal(unsubscribeUrl(site, 'a&b').href, 'https://example.org/daily/newsletters/unsubscribe?token=a%26b');
  });
});
