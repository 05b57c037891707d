import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { searchArticles } from './search-articles.ts';
import { parseSearchQuery } from './search-query.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);
const harbourId = await addArticle(
  db,
  seeded,
  {
    slug: 'harbour-strike',
    access: 'free',
    headline: 'Harbour workers strike over night shifts',
    body: 'Dock workers walked out at dawn.\n\nThe union said the new rota would cut pay for the harbour crews by a fifth.',
  },
  now,
);
const mentionId = await addArticle(
  db,
  seeded,
  {
    slug: 'ferry-fares',
    access: 'free',
    headline: 'Ferry fares rise again',
    body: 'Operators blamed fuel costs. Passengers at the harbour said the rise was the third this year.',
  },
  now,
);
await addArticle(db, seeded, { slug: 'draft-harbour', headline: 'Harbour draft', status: 'draft', publishedAt: null }, now);
await addArticle(
  db,
  seeded,
  { slug: 'escape-test', access: 'free', headline: 'Tags <b>in</b> text', body: 'The word harbour beside <script>alert(1)</script> in prose.' },
  now,
);
const lockedId = await addArticle(
  db,
  seeded,
  {
    slug: 'locked-analysis',
    access: 'premium',
    headline: 'Analysis of the quarter',
    body: 'An open opening paragraph.\n\nA second open paragraph.\n\nThe locked conclusion names the zeppelin consortium.',
  },
  now,
);

function query(text: string) {
  const parsed = parseSearchQuery(text);
  assert.ok(parsed, text);
  return parsed;
}

describe(`searching articles (${dialect})`, () => {
  it('ranks a match in the headline above a match in the body', async () => {
    const results = await searchArticles(db, dialect, { scope: 'open-text', query: query('harbour'), now, limit: 10, offset: 0 });
    assert.equal(results.total, 3);
    assert.equal(results.hits[0]?.articleId, harbourId);
    assert.ok(results.hits.some((hit) => hit.articleId === mentionId));
  });

  it('finds words by their stem', async () => {
    const results = await searchArticles(db, dialect, { scope: 'open-text', query: query('striking'), now, limit: 10, offset: 0 });
    assert.deepEqual(
      results.hits.map((hit) => hit.articleId),
      [harbourId],
    );
  });

  it('needs every word of the query', async () => {
    const results = await searchArticles(db, dialect, { scope: 'open-text', query: query('harbour fuel'), now, limit: 10, offset: 0 });
    assert.deepEqual(
      results.hits.map((hit) => hit.articleId),
      [mentionId],
    );
  });

  it('never finds drafts', async () => {
    const results = await searchArticles(db, dialect, { scope: 'open-text', query: query('draft'), now, limit: 10, offset: 0 });
    assert.equal(results.total, 0);
  });

  it('gives escaped snippets with the matched words marked', async () => {
    const results = await searchArticles(db, dialect, { scope: 'open-text', query: query('harbour'), now, limit: 10, offset: 0 });
    for (const hit of results.hits) assert.match(hit.snippet, /<mark>harbour<\/mark>/i);
    const all = results.hits.map((hit) => hit.snippet).join(' ');
    assert.doesNotMatch(all, /<script|<b>/);
  });

  it('pages through results', async () => {
    const first = await searchArticles(db, dialect, { scope: 'open-text', query: query('harbour'), now, limit: 2, offset: 0 });
    const second = await searchArticles(db, dialect, { scope: 'open-text', query: query('harbour'), now, limit: 2, offset: 2 });
    assert.equal(first.hits.length, 2);
    assert.equal(second.hits.length, 1);
    assert.equal(second.total, 3);
  });

  it('reindexes an article when it is saved again', async () => {
    await addArticle(db, seeded, { slug: 'ferry-fares', access: 'free', headline: 'Ferry fares rise again', body: 'Now about lighthouses only.' }, now);
    const stale = await searchArticles(db, dialect, { scope: 'open-text', query: query('fuel'), now, limit: 10, offset: 0 });
    assert.equal(stale.total, 0);
    const fresh = await searchArticles(db, dialect, { scope: 'open-text', query: query('lighthouses'), now, limit: 10, offset: 0 });
    assert.deepEqual(
      fresh.hits.map((hit) => hit.articleId),
      [mentionId],
    );
  });

  it('finds a locked article by a word behind its paywall for readers who may read it, quoting only its open preview', async () => {
    const results = await searchArticles(db, dialect, { scope: 'whole-text', query: query('zeppelin'), now, limit: 10, offset: 0 });
    assert.deepEqual(
      results.hits.map((hit) => hit.articleId),
      [lockedId],
    );
    assert.doesNotMatch(results.hits[0]?.snippet ?? '', /zeppelin|conclusion|consortium/i);
    assert.match(results.hits[0]?.snippet ?? '', /open/);
  });

  it('never matches the locked text for readers who may not read it', async () => {
    for (const words of ['zeppelin', 'locked conclusion', 'names the zeppelin consortium']) {
      const results = await searchArticles(db, dialect, { scope: 'open-text', query: query(words), now, limit: 10, offset: 0 });
      assert.deepEqual(results, { total: 0, isTotalCapped: false, hits: [] }, words);
    }
    const open = await searchArticles(db, dialect, { scope: 'open-text', query: query('second open paragraph'), now, limit: 10, offset: 0 });
    assert.deepEqual(
      open.hits.map((hit) => hit.articleId),
      [lockedId],
    );
  });

  it('splits a term where the FTS5 tokenizer would, so its words match as words and never as a phrase', { skip: dialect !== 'sqlite' }, async () => {
    // U+19B0 is a letter to JavaScript but a separator to FTS5, which once read "dock\u19b0union" as the phrase "dock union".
    const results = await searchArticles(db, dialect, { scope: 'open-text', query: query('dock\u19b0union'), now, limit: 10, offset: 0 });
    assert.deepEqual(
      results.hits.map((hit) => hit.articleId),
      [harbourId],
    );
    const nothing = await searchArticles(db, dialect, { scope: 'open-text', query: query('\u19b0\u19b1'), now, limit: 10, offset: 0 });
    assert.equal(nothing.total, 0);
  });

  it('gives PostgreSQL a query of words joined by AND, never a phrase, whatever separators the terms hold', { skip: dialect !== 'postgres' }, async () => {
    const terms = query('dock\u19b0union e\u2014mail foo\u1cf2bar').terms.join(' ');
    const { rows } = await sql<{ query: string }>`select plainto_tsquery('english', ${terms})::text as query`.execute(db);
    assert.doesNotMatch(rows[0]?.query ?? '<->', /<\d*-?>/);
  });
});
