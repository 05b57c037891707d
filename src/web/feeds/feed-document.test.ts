import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderFeedDocument, type FeedChannel, type FeedEntry } from './feed-document.ts';

const channel: FeedChannel = {
  title: 'The Gazette',
  description: 'News & views',
  pageUrl: 'https://news.example/',
  feedUrls: null,
  id: 'https://news.example/',
  language: 'en-US',
  publicationName: 'The Gazette',
  copyright: '© The Gazette',
  updated: new Date('2026-11-20T17:00:00Z'),
};
const entry = (fields: Partial<FeedEntry>): FeedEntry => ({
  headline: 'A headline',
  url: 'https://news.example/world/a',
  standfirst: 'A standfirst.',
  contentHtml: '<p>Body.</p>',
  publishedAt: new Date('2026-11-20T16:00:00Z'),
  updatedAt: new Date('2026-11-20T16:00:00Z'),
  authors: [],
  section: { name: 'World', url: 'https://news.example/world' },
  image: null,
  ...fields,
});

describe('writing a feed document', () => {
  it('splits every "]]>" in HTML across two CDATA sections, not only the first', () => {
    const rss = renderFeedDocument('rss', channel, [entry({ contentHtml: '<p>a]]>b]]>c</p>' })]);
    assert.match(rss, /<content:encoded><!\[CDATA\[<p>a\]\]\]\]><!\[CDATA\[>b\]\]\]\]><!\[CDATA\[>c<\/p>\]\]><\/content:encoded>/);
  });

  it('keeps an escape typed as text as the text it is, where the old writer read "&amp;" back as "&"', () => {
    const atom = renderFeedDocument('atom', channel, [entry({ headline: 'Write &amp; for &' })]);
    assert.match(atom, /<title type="text">Write &amp;amp; for &amp;<\/title>/);
  });

  it('writes a character XML cannot carry as the replacement character, so the feed stays XML', () => {
    const rss = renderFeedDocument('rss', channel, [
      entry({ headline: 'Bell\u0007 and \ud800 alone', section: { name: 'Form\u000cfeed', url: 'https://news.example/world' } }),
    ]);
    assert.match(rss, /<title>Bell\ufffd and \ufffd alone<\/title>/);
    assert.match(rss, /<category domain="https:\/\/news.example\/world">Form\ufffdfeed<\/category>/);
  });

  it('writes an article without a byline into JSON Feed without an authors list, where the feed package failed on it', () => {
    const json: unknown = JSON.parse(renderFeedDocument('json', channel, [entry({ authors: [] })]));
    assert.ok(typeof json === 'object' && json !== null && 'items' in json && Array.isArray(json.items));
    assert.equal('authors' in json.items[0], false);
  });
});
