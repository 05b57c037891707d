import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Article } from '../../content/article.ts';
import { defaultPublicationSettings } from '../../settings/publication-settings.ts';
import { articleMeta, pageMeta } from './meta-view.ts';

const publicUrl = new URL('https://news.example/');
const settings = { ...defaultPublicationSettings, name: 'The Courier' };
const article: Article = {
  id: 7,
  slug: 'ceasefire-agreed',
  section: { id: 1, slug: 'world', name: 'World', description: '', position: 0 },
  headline: 'Ceasefire agreed',
  standfirst: 'Monitors will watch the line from Monday.',
  dateline: 'Geneva',
  authors: [
    { id: 1, slug: 'ada-reporter', name: 'Ada Reporter', bio: '' },
    { id: 2, slug: 'ben-critic', name: 'Ben Critic', bio: '' },
  ],
  leadImage: { image: { id: 3, key: 'harbour', width: 1600, height: 900, alt: 'A harbour at dusk' }, caption: '', credit: '' },
  access: 'premium',
  requiredTier: null,
  previewBlockCount: 1,
  status: 'published',
  sponsor: null,
  publishedAt: new Date('2026-11-20T16:00:00Z'),
  updatedAt: new Date('2026-11-20T18:30:00Z'),
  body: [],
};

const openGraphOf = (meta: ReturnType<typeof articleMeta>) => meta.openGraph.map(({ property, content }) => [property, content]);

describe("an article's head", () => {
  const meta = articleMeta({ article, publicUrl, settings });
  const jsonLd = JSON.parse(meta.jsonLd);

  it('names its canonical address', () => {
    assert.equal(meta.canonicalUrl, 'https://news.example/world/ceasefire-agreed');
  });

  it('gives Open Graph an article with its image and size, times, authors and section', () => {
    const tags = openGraphOf(meta);
    for (const tag of [
      ['og:type', 'article'],
      ['og:site_name', 'The Courier'],
      ['og:title', 'Ceasefire agreed'],
      ['og:description', 'Monitors will watch the line from Monday.'],
      ['og:url', 'https://news.example/world/ceasefire-agreed'],
      ['og:image', 'https://news.example/media/harbour-1600.jpg'],
      ['og:image:width', '1600'],
      ['og:image:height', '900'],
      ['og:image:alt', 'A harbour at dusk'],
      ['article:published_time', '2026-11-20T16:00:00.000Z'],
      ['article:modified_time', '2026-11-20T18:30:00.000Z'],
      ['article:author', 'https://news.example/authors/ada-reporter'],
      ['article:author', 'https://news.example/authors/ben-critic'],
      ['article:section', 'World'],
    ]) {
      assert.ok(
        tags.some(([property, content]) => property === tag[0] && content === tag[1]),
        tag.join(' = '),
      );
    }
    // og:image's structured properties follow the image they describe.
    const imageAt = tags.findIndex(([property]) => property === 'og:image');
    assert.deepEqual(
      tags.slice(imageAt + 1, imageAt + 5).map(([property]) => property),
      ['og:image:type', 'og:image:width', 'og:image:height', 'og:image:alt'],
    );
  });

  it('gives X a large-image card', () => {
    assert.deepEqual(
      meta.twitter.map(({ name, content }) => [name, content]),
      [
        ['twitter:card', 'summary_large_image'],
        ['twitter:title', 'Ceasefire agreed'],
        ['twitter:description', 'Monitors will watch the line from Monday.'],
        ['twitter:image', 'https://news.example/media/harbour-1600.jpg'],
        ['twitter:image:alt', 'A harbour at dusk'],
      ],
    );
  });

  it('describes a NewsArticle with dates, authors as people, every image rendition and the page it is', () => {
    assert.equal(jsonLd['@context'], 'https://schema.org');
    assert.equal(jsonLd['@type'], 'NewsArticle');
    assert.equal(jsonLd.headline, 'Ceasefire agreed');
    assert.equal(jsonLd.description, 'Monitors will watch the line from Monday.');
    assert.equal(jsonLd.datePublished, '2026-11-20T16:00:00.000Z');
    assert.equal(jsonLd.dateModified, '2026-11-20T18:30:00.000Z');
    assert.deepEqual(jsonLd.mainEntityOfPage, { '@type': 'WebPage', '@id': 'https://news.example/world/ceasefire-agreed' });
    assert.deepEqual(jsonLd.author, [
      { '@type': 'Person', name: 'Ada Reporter', url: 'https://news.example/authors/ada-reporter' },
      { '@type': 'Person', name: 'Ben Critic', url: 'https://news.example/authors/ben-critic' },
    ]);
    assert.deepEqual(
      jsonLd.image.map((image: { url: string; width: number; height: number }) => [image.url, image.width, image.height]),
      [
        ['https://news.example/media/harbour-1600.jpg', 1600, 900],
        ['https://news.example/media/harbour-1200.jpg', 1200, 675],
        ['https://news.example/media/harbour-800.jpg', 800, 450],
        ['https://news.example/media/harbour-640.jpg', 640, 360],
        ['https://news.example/media/harbour-480.jpg', 480, 270],
        ['https://news.example/media/harbour-320.jpg', 320, 180],
      ],
    );
  });

  it('names the publisher as a news organization with a logo search engines can fetch', () => {
    assert.deepEqual(jsonLd.publisher, {
      '@type': 'NewsMediaOrganization',
      name: 'The Courier',
      url: 'https://news.example/',
      logo: { '@type': 'ImageObject', url: 'https://news.example/publisher-logo.png', width: 512, height: 512 },
    });
  });

  it('marks the locked part of a paywalled article, and a free one as free', () => {
    assert.equal(jsonLd.isAccessibleForFree, false);
    assert.deepEqual(jsonLd.hasPart, { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.article-body__locked' });
    const free = JSON.parse(articleMeta({ article: { ...article, access: 'free' }, publicUrl, settings }).jsonLd);
    assert.equal(free.isAccessibleForFree, true);
    assert.equal(free.hasPart, undefined);
  });

  it('gives its oEmbed address', () => {
    assert.equal(meta.oembedUrl, 'https://news.example/oembed?url=https%3A%2F%2Fnews.example%2Fworld%2Fceasefire-agreed&format=json');
  });

  it('falls back to a summary card, and no image at all, without a lead image', () => {
    const bare = articleMeta({ article: { ...article, leadImage: null }, publicUrl, settings });
    assert.deepEqual(bare.twitter[0], { name: 'twitter:card', content: 'summary' });
    assert.ok(!bare.openGraph.some(({ property }) => property.startsWith('og:image')));
    assert.equal(JSON.parse(bare.jsonLd).image, undefined);
  });

  it('cannot be closed early by a headline holding markup', () => {
    const hostile = articleMeta({ article: { ...article, headline: '</script><script>alert(1)</script>' }, publicUrl, settings });
    assert.doesNotMatch(hostile.jsonLd, /<\/script/i);
    assert.equal(JSON.parse(hostile.jsonLd).headline, '</script><script>alert(1)</script>');
  });
});

describe("an ordinary page's head", () => {
  it('names its own canonical address', () => {
    const meta = pageMeta({ title: 'World, page 2', description: '', path: '/world?page=2', publicUrl, settings });
    assert.equal(meta.canonicalUrl, 'https://news.example/world?page=2');
    assert.equal(meta.robots, 'index, follow');
  });
});
