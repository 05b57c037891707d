import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildTestApp } from '../../../test/app.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { withoutXmllint } from '../../../test/xmllint.ts';

const schemas = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas');
const scratch = mkdtempSync(path.join(tmpdir(), 'dateline-sitemaps-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** xmllint's verdict on a document against one of our RELAX NG grammars: null when valid, else its complaint. */
function relaxNgComplaint(xml: string, grammar: 'index' | 'urlset' | 'news'): string | null {
  const file = path.join(scratch, `document-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--relaxng', path.join(schemas, `sitemap-${grammar}.rng`), file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? null : result.stderr;
}

function isWellFormed(xml: string): boolean {
  const file = path.join(scratch, 'well-formed.xml');
  writeFileSync(file, xml);
  return spawnSync('xmllint', ['--noout', file]).status === 0;
}

const locsOf = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
const hoursBefore = (time: Date, hours: number) => new Date(time.getTime() - hours * 3_600_000);

const now = new Date('2026-11-20T17:00:00Z');
let clock = now;
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await addArticle(db, seeded, { slug: 'ceasefire-agreed', headline: 'Fish & chips <now>', access: 'free', publishedAt: hoursBefore(now, 1) }, now);
await addArticle(db, seeded, { slug: 'premium-analysis', access: 'premium', section: 'culture', publishedAt: hoursBefore(now, 30) }, now);
const october = new Date('2026-10-15T08:00:00Z');
await addArticle(db, seeded, { slug: 'october-report', publishedAt: october }, october);
const archive = new Date('2019-03-14T09:30:00Z');
await addArticle(db, seeded, { slug: 'archive-piece', authors: ['critic'], publishedAt: archive }, archive);
await addArticle(db, seeded, { slug: 'unpublished-draft', status: 'draft', publishedAt: null }, now);
const due = new Date(now.getTime() + 2 * 3_600_000);
await addArticle(db, seeded, { slug: 'tomorrows-story', headline: 'Embargoed story', publishedAt: due }, now);

const app = await buildTestApp(database, { now: () => clock });
after(() => app.close());

async function get(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

describe(`the sitemaps (${dialect})`, { skip: withoutXmllint }, () => {
  it('start from an index that names the pages, one sitemap per month with articles, and the news', async () => {
    const response = await get('/sitemap.xml');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/xml/);
    assert.equal(relaxNgComplaint(response.body, 'index'), null);
    assert.deepEqual(locsOf(response.body), [
      'https://news.example/sitemaps/pages.xml',
      'https://news.example/sitemaps/articles-2019-03.xml',
      'https://news.example/sitemaps/articles-2026-10.xml',
      'https://news.example/sitemaps/articles-2026-11.xml',
      'https://news.example/sitemaps/news.xml',
    ]);
    assert.match(response.body, /<loc>https:\/\/news.example\/sitemaps\/articles-2019-03.xml<\/loc><lastmod>2019-03-14T09:30:00.000Z<\/lastmod>/);
    assert.match(response.body, /<loc>https:\/\/news.example\/sitemaps\/news.xml<\/loc><lastmod>2026-11-20T16:00:00.000Z<\/lastmod>/);
  });

  it("list each month's published articles with when each last changed, and nothing unpublished", async () => {
    const months = { '2019-03': ['archive-piece'], '2026-10': ['october-report'], '2026-11': ['premium-analysis', 'ceasefire-agreed'] };
    for (const [month, slugs] of Object.entries(months)) {
      const response = await get(`/sitemaps/articles-${month}.xml`);
      assert.equal(response.statusCode, 200, month);
      assert.equal(relaxNgComplaint(response.body, 'urlset'), null, month);
      assert.deepEqual(
        locsOf(response.body).map((loc) => loc?.replace(/^https:\/\/news.example\/(world|culture)\//, '')),
        slugs,
        month,
      );
      assert.doesNotMatch(response.body, /unpublished-draft|tomorrows-story/);
    }
    const october = await get('/sitemaps/articles-2026-10.xml');
    assert.match(october.body, /<loc>https:\/\/news.example\/world\/october-report<\/loc><lastmod>2026-10-15T08:00:00.000Z<\/lastmod>/);
  });

  it('list the front page, the sections and the authors', async () => {
    const response = await get('/sitemaps/pages.xml');
    assert.equal(relaxNgComplaint(response.body, 'urlset'), null);
    assert.deepEqual(locsOf(response.body), [
      'https://news.example/',
      'https://news.example/world',
      'https://news.example/culture',
      'https://news.example/authors/ada-reporter',
      'https://news.example/authors/ben-critic',
    ]);
    assert.match(response.body, /<loc>https:\/\/news.example\/authors\/ben-critic<\/loc><lastmod>2019-03-14T09:30:00.000Z<\/lastmod>/);
  });

  it('give Google News the articles of the last two days, with publication, language, time and title', async () => {
    const response = await get('/sitemaps/news.xml');
    assert.equal(response.statusCode, 200);
    assert.equal(relaxNgComplaint(response.body, 'news'), null);
    assert.match(response.body, /xmlns:news="http:\/\/www.google.com\/schemas\/sitemap-news\/0.9"/);
    assert.deepEqual(locsOf(response.body), ['https://news.example/world/ceasefire-agreed', 'https://news.example/culture/premium-analysis']);
    assert.match(
      response.body,
      /<news:publication><news:name>The Test Gazette<\/news:name><news:language>en<\/news:language><\/news:publication><news:publication_date>2026-11-20T16:00:00.000Z<\/news:publication_date><news:title>Fish &#38; chips &#60;now&#62;<\/news:title>/,
    );
    assert.doesNotMatch(response.body, /october-report|Embargoed/);
  });

  it('answer 404 for a sitemap that does not exist', async () => {
    for (const name of ['articles-2026-12.xml', 'articles-2026-11-2.xml', 'articles-2026-11-1.xml', 'articles-2019-3.xml', 'other.xml']) {
      assert.equal((await get(`/sitemaps/${name}`)).statusCode, 404, name);
    }
  });

  it('answer 304 to a crawler whose copy is current, until the content changes', async () => {
    for (const url of ['/sitemap.xml', '/sitemaps/pages.xml', '/sitemaps/news.xml', '/sitemaps/articles-2026-11.xml']) {
      const first = await get(url);
      const etag = String(first.headers.etag);
      assert.match(etag, /^W\/"/, url);
      assert.ok(first.headers['last-modified'], url);
      const again = await get(url, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '');
      const since = await get(url, { 'if-modified-since': String(first.headers['last-modified']) });
      assert.equal(since.statusCode, 304, url);
    }
    const before = await get('/sitemaps/articles-2026-11.xml');
    await addArticle(db, seeded, { slug: 'fresh-story', publishedAt: hoursBefore(now, 0.5) }, now);
    const changed = await get('/sitemaps/articles-2026-11.xml', { 'if-none-match': String(before.headers.etag) });
    assert.equal(changed.statusCode, 200);
    assert.ok(locsOf(changed.body).includes('https://news.example/world/fresh-story'));
    assert.notEqual(changed.headers.etag, before.headers.etag);
  });

  it('take in a scheduled article once its time comes, without a save', async () => {
    const before = await get('/sitemaps/news.xml');
    assert.doesNotMatch(before.body, /tomorrows-story/);
    clock = new Date(due.getTime() + 60_000);
    try {
      const after = await get('/sitemaps/news.xml', { 'if-none-match': String(before.headers.etag) });
      assert.equal(after.statusCode, 200);
      assert.match(after.body, /tomorrows-story/);
      assert.match(
        (await get('/sitemaps/articles-2026-11.xml')).body,
        /<loc>https:\/\/news.example\/world\/tomorrows-story<\/loc><lastmod>2026-11-20T19:00:00.000Z<\/lastmod>/,
      );
    } finally {
      clock = now;
    }
  });

  it('leave the news out of the index when nothing was published in two days, and keep its address answering', async () => {
    clock = new Date(now.getTime() + 5 * 24 * 3_600_000);
    try {
      assert.ok(!locsOf((await get('/sitemap.xml')).body).some((loc) => loc?.endsWith('/news.xml')));
      const news = await get('/sitemaps/news.xml');
      assert.equal(news.statusCode, 200);
      assert.ok(isWellFormed(news.body));
      assert.deepEqual(locsOf(news.body), []);
    } finally {
      clock = now;
    }
  });
});

describe('the sitemap grammars', { skip: withoutXmllint }, () => {
  it('refuse what the protocol does not allow, so a passing check means something', () => {
    const urlset = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/a</loc></url></urlset>';
    assert.equal(relaxNgComplaint(urlset, 'urlset'), null);
    assert.notEqual(relaxNgComplaint(urlset, 'index'), null);
    assert.notEqual(relaxNgComplaint(urlset, 'news'), null, 'a news sitemap needs news:news in every url');
    assert.notEqual(relaxNgComplaint(urlset.replace('https://news.example/a', '/a'), 'urlset'), null, 'addresses are absolute');
    assert.notEqual(relaxNgComplaint(urlset.replace('</loc>', '</loc><lastmod>yesterday</lastmod>'), 'urlset'), null, 'times are W3C datetimes');
    assert.notEqual(
      relaxNgComplaint(urlset.replace('sitemaps.org/schemas/sitemap/0.9', 'example.org/sitemap'), 'urlset'),
      null,
      "the namespace is the protocol's",
    );
  });
});
