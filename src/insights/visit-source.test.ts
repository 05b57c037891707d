import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { visitOf } from './visit-source.ts';

const siteHost = 'news.example.org';
const from = (referer: string | undefined, query: Record<string, unknown> = {}) => visitOf({ referer, query, siteHost });

describe('where a visit came from', () => {
  it('is direct when nothing says, or when the referrer cannot be read', () => {
    assert.deepEqual(from(undefined), { source: 'direct', campaign: null });
    assert.deepEqual(from(''), { source: 'direct', campaign: null });
    assert.deepEqual(from('not a url'), { source: 'direct', campaign: null });
  });

  it('is internal from the site itself, with or without www', () => {
    assert.equal(from('https://news.example.org/world/a-story').source, 'internal');
    assert.equal(from('https://www.news.example.org/').source, 'internal');
  });

  it('knows the search engines and the social networks by their hosts', () => {
    for (const referer of [
      'https://www.google.com/',
      'https://www.google.co.uk/search',
      'https://www.bing.com/',
      'https://duckduckgo.com/',
      'https://search.brave.com/search',
    ])
      assert.equal(from(referer).source, 'search', referer);
    for (const referer of [
      'https://t.co/abc',
      'https://www.facebook.com/',
      'https://l.facebook.com/l.php',
      'https://bsky.app/profile/x',
      'https://news.ycombinator.com/item',
    ])
      assert.equal(from(referer).source, 'social', referer);
  });

  it('does not take a look-alike host for a search engine', () => {
    assert.equal(from('https://notgoogle.com.evil.example/').source, 'referral');
    assert.equal(from('https://google.com.evil.example/').source, 'referral');
  });

  it('calls any other site a referral', () => {
    assert.deepEqual(from('https://a-blog.example.net/post'), { source: 'referral', campaign: null });
  });

  it("believes the publication's own utm parameters over the referrer: newsletters first, then campaigns", () => {
    assert.deepEqual(from('https://mail.example.com/', { utm_medium: 'email', utm_campaign: 'morning-briefing' }), {
      source: 'newsletter',
      campaign: 'morning-briefing',
    });
    assert.deepEqual(from(undefined, { utm_source: 'Newsletter' }), { source: 'newsletter', campaign: 'Newsletter' });
    assert.deepEqual(from('https://www.google.com/', { utm_campaign: ' autumn-sale ' }), { source: 'campaign', campaign: 'autumn-sale' });
    assert.deepEqual(from(undefined, { utm_source: 'partner-site' }), { source: 'campaign', campaign: 'partner-site' });
  });

  it('ignores parameters that are empty or not text, and cuts a campaign name to 100 characters', () => {
    assert.equal(from(undefined, { utm_campaign: '' }).source, 'direct');
    assert.equal(from(undefined, { utm_campaign: ['a', 'b'] }).source, 'direct');
    assert.equal(from(undefined, { utm_campaign: 'x'.repeat(500) }).campaign?.length, 100);
  });
});
