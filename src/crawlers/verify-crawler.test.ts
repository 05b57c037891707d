import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCrawlerVerifier, type Resolver } from './verify-crawler.ts';

const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const bingbot = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';

/** A small DNS of our own: reverse names and forward addresses. */
function fakeDns(reverse: Record<string, string[]>, forward: Record<string, string[]>) {
  const calls: string[] = [];
  const resolver: Resolver = {
    reverse: async (ip) => {
      calls.push(`reverse ${ip}`);
      const names = reverse[ip];
      if (!names) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
      return names;
    },
    lookup: async (name) => {
      calls.push(`lookup ${name}`);
      return forward[name] ?? [];
    },
  };
  return { resolver, calls };
}

const dns = fakeDns(
  {
    '66.249.66.1': ['crawl-66-249-66-1.googlebot.com'],
    '157.55.39.1': ['msnbot-157-55-39-1.search.msn.com.'],
    '203.0.113.7': ['crawl-66-249-66-1.googlebot.com'],
    '198.51.100.9': ['googlebot.com.evil.example'],
  },
  {
    'crawl-66-249-66-1.googlebot.com': ['66.249.66.1'],
    'msnbot-157-55-39-1.search.msn.com.': ['157.55.39.1'],
    'googlebot.com.evil.example': ['198.51.100.9'],
  },
);

describe("verifying a search engine's crawler", () => {
  const verify = createCrawlerVerifier(dns.resolver);

  it('accepts Googlebot and Bingbot from addresses whose names check out both ways', async () => {
    assert.equal(await verify('66.249.66.1', googlebot), true);
    assert.equal(await verify('157.55.39.1', bingbot), true);
  });

  it('treats a Googlebot User-Agent from any other address as an ordinary reader', async () => {
    assert.equal(await verify('192.0.2.1', googlebot), false);
    assert.equal(await verify('127.0.0.1', googlebot), false);
  });

  it('refuses a reverse name whose forward look-up does not lead back to the address', async () => {
    assert.equal(await verify('203.0.113.7', googlebot), false);
  });

  it("refuses names that only look like the engine's domain", async () => {
    assert.equal(await verify('198.51.100.9', googlebot), false);
  });

  it("refuses an engine's real address presenting another engine's name", async () => {
    assert.equal(await verify('66.249.66.1', bingbot), false);
  });

  it('does not look anything up for ordinary browsers', async () => {
    const before = dns.calls.length;
    assert.equal(await verify('66.249.66.1', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130'), false);
    assert.equal(dns.calls.length, before);
  });

  it('remembers an answer for an hour', async () => {
    let clock = 0;
    const counted = fakeDns({ '66.249.66.1': ['crawl-66-249-66-1.googlebot.com'] }, { 'crawl-66-249-66-1.googlebot.com': ['66.249.66.1'] });
    const cachedVerify = createCrawlerVerifier(counted.resolver, () => clock);
    await cachedVerify('66.249.66.1', googlebot);
    await cachedVerify('66.249.66.1', googlebot);
    assert.equal(counted.calls.length, 2);
    clock = 60 * 60 * 1000 + 1;
    await cachedVerify('66.249.66.1', googlebot);
    assert.equal(counted.calls.length, 4);
  });
});
