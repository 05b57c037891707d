import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle } from '../../../test/content-fixtures.ts';
import { fixtureNow, openFixtureSite } from '../../../test/site-fixture.ts';

const { app, db, seeded } = await openFixtureSite();
await addArticle(
  db,
  seeded,
  { slug: 'angle-brackets', headline: 'Fish & chips <script>alert(1)</script>', standfirst: 'Said "hello" & <b>left</b>.', access: 'premium' },
  fixtureNow,
);

const articleUrl = 'https://news.example/world/ceasefire-agreed';
const ask = (query: string) => app.inject({ method: 'GET', url: `/oembed?${query}` });
const forUrl = (url: string, extra = '') => ask(`url=${encodeURIComponent(url)}${extra}`);

describe('oEmbed for an article', () => {
  it('answers a rich embed: title, authors, provider, thumbnail and a card that links to the article', async () => {
    const response = await forUrl(articleUrl, '&format=json');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const embed = response.json();
    assert.equal(embed.type, 'rich');
    assert.equal(embed.version, '1.0');
    assert.equal(embed.title, 'Ceasefire agreed after eleven days of talks');
    assert.equal(embed.author_name, 'Ada Reporter and Ben Critic');
    assert.equal(embed.author_url, 'https://news.example/authors/ada-reporter');
    assert.equal(embed.provider_name, 'The Test Gazette');
    assert.equal(embed.provider_url, 'https://news.example/');
    assert.deepEqual([embed.thumbnail_url, embed.thumbnail_width, embed.thumbnail_height], ['https://news.example/media/fixture-image-1600.jpg', 1600, 900]);
    assert.ok(Number.isInteger(embed.width) && Number.isInteger(embed.height));
    assert.equal(
      embed.html,
      `<blockquote class="dateline-embed" cite="${articleUrl}"><p class="dateline-embed__section">World</p>` +
        `<p class="dateline-embed__headline"><a href="${articleUrl}">Ceasefire agreed after eleven days of talks</a></p>` +
        '<p class="dateline-embed__standfirst">Monitors will watch the line from Monday.</p>' +
        '<p class="dateline-embed__source"><a href="https://news.example/">The Test Gazette</a></p></blockquote>',
    );
    assert.doesNotMatch(response.body, /The parties signed before dawn/);
  });

  it('escapes everything it puts in the card, and carries no script', async () => {
    const embed = (await forUrl('https://news.example/world/angle-brackets')).json();
    assert.doesNotMatch(embed.html, /<script|<b>|onerror|javascript:/i);
    assert.match(embed.html, /Fish &#38; chips &#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.equal(embed.title, 'Fish & chips <script>alert(1)</script>');
  });

  it('keeps within maxwidth and maxheight, the thumbnail too, and drops a thumbnail that cannot fit', async () => {
    const small = (await forUrl(articleUrl, '&maxwidth=900&maxheight=500')).json();
    assert.deepEqual([small.thumbnail_url, small.thumbnail_width, small.thumbnail_height], ['https://news.example/media/fixture-image-800.jpg', 800, 450]);
    assert.ok(small.width <= 900 && small.height <= 500);
    const narrow = (await forUrl(articleUrl, '&maxwidth=200&maxheight=100')).json();
    assert.equal(narrow.thumbnail_url, undefined);
    assert.equal(narrow.thumbnail_width, undefined);
    assert.ok(narrow.width <= 200 && narrow.height <= 100);
  });

  it('takes the address as readers share it: http or https, with a query, a fragment or a trailing slash', async () => {
    for (const url of [`${articleUrl}?utm_source=x#comments`, 'http://news.example/world/ceasefire-agreed', `${articleUrl}/`]) {
      assert.equal((await forUrl(url)).statusCode, 200, url);
    }
    assert.equal((await forUrl(articleUrl, '&dnt=1&callback=x')).statusCode, 200, 'parameters of other consumers are ignored');
  });

  it('answers 501 for XML, as the spec allows', async () => {
    const response = await forUrl(articleUrl, '&format=xml');
    assert.equal(response.statusCode, 501);
    assert.equal(response.json().error.field, 'format');
  });

  it('answers 404 for an address that is not a published article of this site', async () => {
    for (const url of [
      'https://elsewhere.example/world/ceasefire-agreed',
      'https://news.example/world',
      'https://news.example/',
      'https://news.example/world/no-such-story',
      'https://news.example/world/unpublished-draft',
      'https://news.example/world/tomorrows-story',
      'https://news.example/authors/ada-reporter/extra',
      'https://news.example/authors/ceasefire-agreed',
      'https://news.example:8443/world/ceasefire-agreed',
    ]) {
      const response = await forUrl(url);
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'not-found', url);
    }
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [string, string][] = [
      ['', 'url'],
      ['url=', 'url'],
      [`url=${encodeURIComponent('/world/ceasefire-agreed')}`, 'url'],
      [`url=${encodeURIComponent('ftp://news.example/world/ceasefire-agreed')}`, 'url'],
      [`url=${encodeURIComponent(articleUrl)}&format=yaml`, 'format'],
      [`url=${encodeURIComponent(articleUrl)}&maxwidth=wide`, 'maxwidth'],
      [`url=${encodeURIComponent(articleUrl)}&maxwidth=0`, 'maxwidth'],
      [`url=${encodeURIComponent(articleUrl)}&maxheight=-5`, 'maxheight'],
      [`url=${'x'.repeat(2_100)}`, 'url'],
    ];
    for (const [query, field] of cases) {
      const response = await ask(query);
      assert.equal(response.statusCode, 400, query.slice(0, 80));
      assert.equal(response.json().error.field, field, query.slice(0, 80));
      assert.ok(response.json().error.message.length > 0);
    }
  });
});

describe('the article head', () => {
  it('names its oEmbed address for discovery, and that address answers', async () => {
    const html = (await app.inject({ method: 'GET', url: '/world/ceasefire-agreed' })).body;
    const href = html.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/)?.[1];
    assert.ok(href);
    const discovered = new URL(href.replaceAll('&amp;', '&'));
    assert.equal(discovered.origin + discovered.pathname, 'https://news.example/oembed');
    assert.equal(discovered.searchParams.get('url'), articleUrl);
    assert.equal(discovered.searchParams.get('format'), 'json');
    assert.equal((await app.inject({ method: 'GET', url: `${discovered.pathname}${discovered.search}` })).statusCode, 200);
  });
});
