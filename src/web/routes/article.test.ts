import assert from 'node:assert/strict';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { openFixtureSite } from '../../../test/site-fixture.ts';

const { app } = await openFixtureSite();

async function getPage(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, html: response.body, headers: response.headers };
}

describe('an article page', () => {
  it('shows everything a reader expects of a news article', async () => {
    const { status, html } = await getPage('/world/ceasefire-agreed');
    assert.equal(status, 200);
    assert.match(html, /<h1[^>]*>Ceasefire agreed after eleven days of talks<\/h1>/);
    assert.match(html, /Monitors will watch the line from Monday\./);
    assert.match(html, /href="\/world"[^>]*>World</);
    assert.match(html, /href="\/authors\/ada-reporter"[^>]*>Ada Reporter</);
    assert.match(html, /href="\/authors\/ben-critic"[^>]*>Ben Critic</);
    assert.match(html, /<time datetime="2026-11-20T16:00:00.000Z">November 20, 2026 at 11:00 AM EST<\/time>/);
    assert.match(html, /<span class="dateline">GENEVA<\/span> — The parties signed before dawn\./);
    assert.match(html, /<h2>What was agreed<\/h2>/);
    assert.match(html, /A corridor for aid &amp; a prisoner exchange\./);
    assert.match(html, /The harbour at dusk\./);
    assert.match(html, /© Test Agency/);
    assert.match(html, /alt="A harbour at dusk"/);
    // AVIF first, then WebP, then the JPEG the <img> falls back to, each from 240 px up.
    const sources = [...html.matchAll(/<source type="([^"]+)" srcset="\/media\/fixture-image-240\.(\w+) 240w/g)].map(
      ([, type, extension]) => `${type} ${extension}`,
    );
    assert.deepEqual(sources.slice(0, 2), ['image/avif avif', 'image/webp webp']);
    assert.match(html, /<img src="\/media\/fixture-image-800\.jpg" srcset="\/media\/fixture-image-240\.jpg 240w, [^"]*fixture-image-1600\.jpg 1600w"/);
  });

  it('offers plain share links and a print button, with no third-party script', async () => {
    const { html } = await getPage('/world/ceasefire-agreed');
    const canonical = encodeURIComponent('https://news.example/world/ceasefire-agreed');
    assert.ok(html.includes(`https://www.facebook.com/sharer/sharer.php?u=${canonical}`));
    assert.ok(html.includes(`https://www.linkedin.com/sharing/share-offsite/?url=${canonical}`));
    assert.ok(html.includes(`https://x.com/intent/post?url=${canonical}`));
    assert.match(html, /href="mailto:\?subject=/);
    assert.match(html, /data-print/);
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(scripts, ['/assets/site.js']);
  });

  it('carries social cards and NewsArticle structured data', async () => {
    const { html } = await getPage('/world/ceasefire-agreed');
    assert.match(html, /<link rel="canonical" href="https:\/\/news.example\/world\/ceasefire-agreed">/);
    assert.match(html, /<meta property="og:title" content="Ceasefire agreed after eleven days of talks">/);
    assert.match(html, /<meta property="og:image" content="https:\/\/news.example\/media\/fixture-image-1600.jpg">/);
    assert.match(html, /<meta name="twitter:card" content="summary_large_image">/);
    const jsonLd = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1];
    assert.ok(jsonLd);
    const data = JSON.parse(jsonLd);
    assert.equal(data['@type'], 'NewsArticle');
    assert.equal(data.headline, 'Ceasefire agreed after eleven days of talks');
    assert.equal(data.isAccessibleForFree, true);
    assert.deepEqual(
      data.author.map((author: { name: string }) => author.name),
      ['Ada Reporter', 'Ben Critic'],
    );
  });

  it('labels sponsored content and discloses who paid for it', async () => {
    const { html } = await getPage('/world/heat-networks');
    assert.match(html, /Sponsored content/);
    assert.match(html, /About sponsored content/);
    assert.match(html, /Paid for by Acme Energy\./);
    const { html: ordinary } = await getPage('/world/ceasefire-agreed');
    assert.doesNotMatch(ordinary, /Sponsored content/);
  });

  it('shows the access level as a label', async () => {
    assert.match((await getPage('/world/premium-analysis')).html, /Subscriber exclusive/);
    assert.match((await getPage('/world/ceasefire-agreed')).html, /Free to read/);
  });

  it('lists related articles from the same section', async () => {
    const { html } = await getPage('/world/ceasefire-agreed');
    const related = html.slice(html.indexOf('class="related"'));
    assert.match(related, /href="\/world\/heat-networks"/);
    assert.doesNotMatch(related, /href="\/world\/ceasefire-agreed"/);
    assert.doesNotMatch(related, /novel-review/);
  });

  it("moves a reader from an old section address to the article's section", async () => {
    const response = await app.inject({ method: 'GET', url: '/culture/ceasefire-agreed' });
    assert.equal(response.statusCode, 301);
    assert.equal(response.headers.location, '/world/ceasefire-agreed');
  });

  it('keeps the query of a link to an old address, so a newsletter’s or a gift’s token still reaches the article', async () => {
    const response = await app.inject({ method: 'GET', url: '/culture/ceasefire-agreed?nl=n1.token&utm_source=briefing' });
    assert.equal(response.statusCode, 301);
    assert.equal(response.headers.location, '/world/ceasefire-agreed?nl=n1.token&utm_source=briefing');
  });

  it('moves a reader whose address has a section no URL parser takes, such as a backslash, keeping the query', async () => {
    // `inject` parses the address first, so this one goes over a socket as a browser or a bot would send it.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const { status, location } = await new Promise<{ status: number | undefined; location: string | undefined }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/\\]/ceasefire-agreed?nl=n1.token' }, (response) => {
        response.resume();
        resolve({ status: response.statusCode, location: response.headers.location });
      }).on('error', reject);
    });
    assert.equal(status, 301);
    assert.equal(location, '/world/ceasefire-agreed?nl=n1.token');
  });

  it("gives the theme's 404 for unknown, draft and not-yet-published articles", async () => {
    for (const url of ['/world/no-such-story', '/world/unpublished-draft', '/world/tomorrows-story']) {
      const { status, html } = await getPage(url);
      assert.equal(status, 404, url);
      assert.match(html, /Page not found/);
      assert.doesNotMatch(html, /Secret draft headline|Embargoed story/);
    }
  });
});
