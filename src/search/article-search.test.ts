import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { readContentVersion } from '../settings/content-version.ts';
import { openArticleSearch } from './article-search.ts';
import { searchArticles } from './search-articles.ts';
import type { SearchPage } from './search-page.ts';
import { parseSearchQuery } from './search-query.ts';
import { defaultWorkerCount } from './search-workers.ts';

const now = new Date('2026-11-20T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await addArticle(
  db,
  seeded,
  {
    slug: 'harbour-inquiry',
    access: 'premium',
    headline: 'Harbour inquiry opens',
    body: 'The inquiry opened on Monday.\n\nWitnesses were called.\n\nThe report names the wombat syndicate.',
  },
  now,
);
await addArticle(db, seeded, { slug: 'harbour-ferry', access: 'free', headline: 'Ferry fares at the harbour rise' }, now);

function pageOf(text: string, scope: SearchPage['scope']): SearchPage {
  const query = parseSearchQuery(text);
  assert.ok(query, text);
  return { query, scope, now, limit: 10, offset: 0 };
}

/** The worker threads alive in this process now, as its diagnostic report lists them. */
function liveWorkerThreads(): number {
  const report = process.report.getReport() as { workers?: unknown[] };
  return report.workers?.length ?? 0;
}

describe(`the site's search (${dialect})`, () => {
  it('answers as the search in place does, with pages kept and without', async () => {
    for (const cachedPages of [0, 10]) {
      const search = await openArticleSearch({ db, dialect, contentVersion: () => readContentVersion(db), cachedPages });
      after(() => search.close());
      for (const page of [pageOf('harbour', 'open-text'), pageOf('wombat', 'open-text'), pageOf('wombat harbour', 'whole-text')]) {
        const expected = await searchArticles(db, dialect, page);
        assert.deepEqual(await search.searchArticles(page), expected);
        assert.deepEqual(await search.searchArticles(page), expected, 'asked again');
      }
    }
  });

  it('keeps a page of results until the content changes', async () => {
    const search = await openArticleSearch({ db, dialect, contentVersion: () => readContentVersion(db), cachedPages: 10 });
    after(() => search.close());
    assert.equal((await search.searchArticles(pageOf('lighthouse', 'open-text'))).total, 0);
    const id = await addArticle(db, seeded, { slug: 'lighthouse', access: 'free', headline: 'The lighthouse keeper retires' }, now);
    assert.deepEqual(
      (await search.searchArticles(pageOf('lighthouse', 'open-text'))).hits.map((hit) => hit.articleId),
      [id],
    );
  });

  it('never answers a reader of the open text from a page kept for the whole text', async () => {
    const search = await openArticleSearch({ db, dialect, contentVersion: () => readContentVersion(db), cachedPages: 10 });
    after(() => search.close());
    assert.equal((await search.searchArticles(pageOf('wombat', 'whole-text'))).total, 1);
    assert.equal((await search.searchArticles(pageOf('wombat', 'open-text'))).total, 0);
  });

  it(`ends its worker threads with the app (${dialect === 'sqlite' ? "one a core, two at most, beside the insights ledger's writer" : 'none on PostgreSQL'})`, async () => {
    const before = liveWorkerThreads();
    const app = await buildTestApp(database, { env: { SEARCH_RATE_LIMIT: '1000' } });
    const answers = await Promise.all(['harbour', 'ferry', 'inquiry'].map((q) => app.inject({ url: `/search?q=${q}` })));
    assert.deepEqual(
      answers.map((answer) => answer.statusCode),
      [200, 200, 200],
    );
    assert.match(answers[0]?.body ?? '', /Harbour inquiry opens/);
    // On SQLite the insights ledger writes from a thread of its own (src/insights/ledger-thread.ts).
    assert.equal(liveWorkerThreads(), before + (dialect === 'sqlite' ? defaultWorkerCount + 1 : 0));
    await app.close();
    assert.equal(liveWorkerThreads(), before);
  });
});
