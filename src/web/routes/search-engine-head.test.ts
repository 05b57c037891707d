import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { addArticle } from '../../../test/content-fixtures.ts';
import { fixtureNow, openFixtureSite } from '../../../test/site-fixture.ts';

const { app, db, seeded } = await openFixtureSite();
for (let index = 0; index < 13; index += 1) {
  await addArticle(db, seeded, { slug: `filler-${index}`, publishedAt: new Date(fixtureNow.getTime() - (10 + index) * 3_600_000) }, fixtureNow);
}

const headOf = async (url: string) => {
  const html = (await app.inject({ method: 'GET', url })).body;
  return html.slice(0, html.indexOf('</head>'));
};

describe('what search engines and social sites read in the head', () => {
  it('gives every indexable page its own canonical address', async () => {
    const pages: [string, string][] = [
      ['/', 'https://news.example/'],
      ['/world', 'https://news.example/world'],
      ['/world?page=2', 'https://news.example/world?page=2'],
      ['/authors/ada-reporter', 'https://news.example/authors/ada-reporter'],
      ['/authors/ada-reporter?page=2', 'https://news.example/authors/ada-reporter?page=2'],
      ['/world/ceasefire-agreed', 'https://news.example/world/ceasefire-agreed'],
      ['/world/premium-analysis', 'https://news.example/world/premium-analysis'],
    ];
    for (const [url, canonical] of pages) {
      const head = await headOf(url);
      assert.match(head, /<meta name="robots" content="index/, url);
      assert.ok(head.includes(`<link rel="canonical" href="${canonical}">`), url);
    }
  });

  it('gives an article page Open Graph, X card, NewsArticle and oEmbed discovery', async () => {
    const head = await headOf('/world/premium-analysis');
    for (const tag of [
      '<meta property="og:type" content="article">',
      '<meta property="og:image" content="https://news.example/media/fixture-image-1600.jpg">',
      '<meta property="og:image:width" content="1600">',
      '<meta property="og:image:height" content="900">',
      '<meta property="article:author" content="https://news.example/authors/ada-reporter">',
      '<meta property="article:section" content="World">',
      '<meta name="twitter:card" content="summary_large_image">',
      '<link rel="alternate" type="application/json+oembed" href="https://news.example/oembed?url=https%3A%2F%2Fnews.example%2Fworld%2Fpremium-analysis&amp;format=json" title="The new electoral map | The Test Gazette">',
    ]) {
      assert.ok(head.includes(tag), tag);
    }
    const jsonLd = JSON.parse(head.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? '{}');
    assert.equal(jsonLd['@type'], 'NewsArticle');
    assert.equal(jsonLd.publisher.logo.url, 'https://news.example/publisher-logo.png');
    assert.equal(jsonLd.isAccessibleForFree, false);
  });

  it('leaves oEmbed discovery off pages that are not articles', async () => {
    assert.doesNotMatch(await headOf('/world'), /json\+oembed/);
  });

  it("serves the publisher's logo as the PNG its structured data describes", async () => {
    const response = await app.inject({ method: 'GET', url: '/publisher-logo.png' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'image/png');
    const { format, width, height } = await sharp(response.rawPayload).metadata();
    assert.deepEqual([format, width, height], ['png', 512, 512]);
  });
});
