import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { saveArticle } from '../../content/save-article.ts';
import { buildTestApp } from '../../../test/app.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';

const now = new Date('2026-11-20T17:00:00Z');
let clock = now;
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await addArticle(db, seeded, { slug: 'harbour-talks', section: 'world', authors: ['reporter'] }, now);
await addArticle(db, seeded, { slug: 'book-review', section: 'culture', authors: ['critic'] }, now);
await addArticle(db, seeded, { slug: 'tomorrows-piece', section: 'world', publishedAt: new Date(now.getTime() + 90_000) }, now);
const app = await buildTestApp(database, { now: () => clock });

const contentTypes = {
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

describe(`the public feeds (${dialect})`, () => {
  it('serves the site, each section and each author in three formats, each as its own type', async () => {
    for (const place of ['', '/world', '/culture', '/authors/ada-reporter', '/authors/ben-critic']) {
      for (const [file, type] of Object.entries(contentTypes)) {
        const response = await app.inject({ method: 'GET', url: `${place}/${file}` });
        assert.equal(response.statusCode, 200, `${place}/${file}`);
        assert.equal(response.headers['content-type'], type);
        assert.equal(response.headers['cache-control'], 'public, max-age=300');
      }
    }
  });

  it('keeps each feed to its section or author', async () => {
    const world = (await app.inject({ method: 'GET', url: '/world/feed.xml' })).body;
    assert.match(world, /harbour-talks/);
    assert.doesNotMatch(world, /book-review/);
    const critic = (await app.inject({ method: 'GET', url: '/authors/ben-critic/feed.json' })).body;
    assert.match(critic, /book-review/);
    assert.doesNotMatch(critic, /harbour-talks/);
  });

  it('answers an unknown section or author with 404, and leaves articles at their addresses', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/nowhere/feed.xml' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/authors/nobody/atom.xml' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/world/harbour-talks' })).statusCode, 200);
  });

  it('answers 304 to a client holding the current copy, by tag or by date, and 200 once the feed changed', async () => {
    const first = await app.inject({ method: 'GET', url: '/atom.xml' });
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    assert.match(etag, /^W\/"atom-/);
    assert.equal(lastModified, 'Fri, 20 Nov 2026 17:00:00 GMT');
    const byTag = await app.inject({ method: 'GET', url: '/atom.xml', headers: { 'if-none-match': etag } });
    assert.equal(byTag.statusCode, 304);
    assert.equal(byTag.body, '');
    assert.equal((await app.inject({ method: 'GET', url: '/atom.xml', headers: { 'if-modified-since': lastModified } })).statusCode, 304);

    await saveArticle(
      db,
      {
        slug: 'fresh-news',
        sectionId: seeded.sectionIds.world,
        headline: 'Fresh news',
        standfirst: 'Just in.',
        dateline: 'Oslo',
        authorIds: [seeded.authorIds.reporter],
        bodyMarkdown: 'Text.\n\nMore.',
        leadImage: null,
        access: 'free',
        previewBlockCount: 1,
        status: 'published',
        sponsorId: null,
        publishedAt: now,
      },
      now,
    );
    const changed = await app.inject({ method: 'GET', url: '/atom.xml', headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    assert.match(changed.body, /fresh-news/);
  });

  it('sends a feed compressed to a reader that takes brotli or gzip, the same feed once decoded', async () => {
    const plain = await app.inject({ method: 'GET', url: '/feed.xml' });
    for (const [coding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const compressed = await app.inject({ method: 'GET', url: '/feed.xml', headers: { 'accept-encoding': coding } });
      assert.equal(compressed.headers['content-encoding'], coding);
      assert.match(String(compressed.headers.vary), /Accept-Encoding/);
      assert.equal(decode(compressed.rawPayload).toString(), plain.body);
    }
    assert.equal(plain.headers['content-encoding'], undefined);
  });

  it('takes in a scheduled article once its time comes, without a save', async () => {
    assert.doesNotMatch((await app.inject({ method: 'GET', url: '/world/feed.xml' })).body, /tomorrows-piece/);
    clock = new Date(now.getTime() + 120_000);
    try {
      assert.match((await app.inject({ method: 'GET', url: '/world/feed.xml' })).body, /tomorrows-piece/);
    } finally {
      clock = now;
    }
  });

  it('links the site’s feeds from every page, and a section’s and an author’s own first on theirs', async () => {
    const alternates = (html: string) =>
      [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">/g)].map((match) => `${match[1]} ${match[2]}`);
    const site = ['application/rss+xml /feed.xml', 'application/atom+xml /atom.xml', 'application/feed+json /feed.json'];
    assert.deepEqual(alternates((await app.inject({ method: 'GET', url: '/' })).body), site);
    assert.deepEqual(alternates((await app.inject({ method: 'GET', url: '/world' })).body), [
      'application/rss+xml /world/feed.xml',
      'application/atom+xml /world/atom.xml',
      'application/feed+json /world/feed.json',
      ...site,
    ]);
    assert.deepEqual(alternates((await app.inject({ method: 'GET', url: '/authors/ben-critic' })).body), [
      'application/rss+xml /authors/ben-critic/feed.xml',
      'application/atom+xml /authors/ben-critic/atom.xml',
      'application/feed+json /authors/ben-critic/feed.json',
      ...site,
    ]);
  });
});
