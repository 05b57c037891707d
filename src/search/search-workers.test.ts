import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { DomainError } from '../errors/domain-error.ts';
import { searchArticles } from './search-articles.ts';
import type { SearchPage } from './search-page.ts';
import { parseSearchQuery } from './search-query.ts';
import { createSearchWorkers, SearchBusyError } from './search-workers.ts';

const now = new Date('2026-11-20T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
for (const [index, words] of ['harbour strike at dawn', 'the harbour council budget', 'a museum by the harbour', 'budget talks'].entries()) {
  await addArticle(
    db,
    seeded,
    {
      slug: `story-${index}`,
      access: index % 2 === 0 ? 'free' : 'premium',
      headline: `Story ${index}: ${words}`,
      body: `An open paragraph on the ${words}.\n\nAnother one.\n\nThe locked part names the zeppelin and the ${words}.`,
      publishedAt: new Date(now.getTime() - (index + 1) * 3_600_000),
    },
    now,
  );
}

function pageOf(text: string, scope: SearchPage['scope'], offset = 0): SearchPage {
  const query = parseSearchQuery(text);
  assert.ok(query, text);
  return { query, scope, now, limit: 2, offset };
}

/** The worker threads alive in this process now, as its diagnostic report lists them. */
function liveWorkerThreads(): number {
  const report = process.report.getReport() as { workers?: unknown[] };
  return report.workers?.length ?? 0;
}

// Worker threads serve SQLite only: PostgreSQL's queries already wait off the event loop.
describe(`search in worker threads (${dialect})`, { skip: dialect !== 'sqlite' && 'PostgreSQL searches in place' }, () => {
  const file = path.join(database.dataDir, 'test.sqlite');

  it('answers exactly as the search on the main thread does', async () => {
    const workers = createSearchWorkers({ file });
    after(() => workers.close());
    const pages = [
      pageOf('harbour', 'open-text'),
      pageOf('harbour', 'open-text', 2),
      pageOf('harbour', 'whole-text'),
      pageOf('zeppelin', 'open-text'),
      pageOf('zeppelin budget', 'whole-text'),
      pageOf('museum', 'open-text'),
    ];
    const inWorkers = await Promise.all(pages.map((page) => workers.search(page)));
    const inPlace = await Promise.all(pages.map((page) => searchArticles(db, dialect, page)));
    assert.deepEqual(inWorkers, inPlace);
    assert.ok(inWorkers.some((results) => results.total > 0));
  });

  it('sees an article as soon as it is saved', async () => {
    const workers = createSearchWorkers({ file });
    after(() => workers.close());
    assert.equal((await workers.search(pageOf('lighthouse', 'open-text'))).total, 0);
    const id = await addArticle(db, seeded, { slug: 'lighthouse', access: 'free', headline: 'The lighthouse keeper retires' }, now);
    assert.deepEqual(
      (await workers.search(pageOf('lighthouse', 'open-text'))).hits.map((hit) => hit.articleId),
      [id],
    );
  });

  it('fails the search a dying worker held, and starts another for the next', async () => {
    const started: Worker[] = [];
    const workers = createSearchWorkers({ file, size: 1, onWorkerStart: (worker) => started.push(worker) });
    after(() => workers.close());
    const held = workers.search(pageOf('harbour', 'open-text'));
    const waiting = workers.search(pageOf('budget', 'open-text'));
    assert.equal(started.length, 1);
    await started[0]?.terminate();
    await assert.rejects(held, /The search worker stopped/);
    assert.deepEqual(await waiting, await searchArticles(db, dialect, pageOf('budget', 'open-text')));
    assert.equal(started.length, 2);
    assert.notEqual(started[1]?.threadId, started[0]?.threadId);
  });

  it('refuses a search when the queue is full, saying to try again shortly', async () => {
    const workers = createSearchWorkers({ file, size: 1, queueLimit: 1 });
    after(() => workers.close());
    const running = workers.search(pageOf('harbour', 'open-text'));
    const queued = workers.search(pageOf('museum', 'open-text'));
    const refused = workers.search(pageOf('budget', 'open-text'));
    await assert.rejects(refused, (error: unknown) => {
      assert.ok(error instanceof SearchBusyError && error instanceof DomainError);
      assert.deepEqual(error.meaning, { kind: 'rate-limited', retryAfterSeconds: 1 });
      return true;
    });
    assert.equal((await running).total, 3);
    assert.equal((await queued).total, 1);
    assert.equal((await workers.search(pageOf('budget', 'open-text'))).total, 2);
  });

  it('starts its workers when warmed, before the first search needs them', async () => {
    const started: Worker[] = [];
    const workers = createSearchWorkers({ file, size: 2, onWorkerStart: (worker) => started.push(worker) });
    after(() => workers.close());
    workers.warm();
    assert.equal(started.length, 2);
    await Promise.all([workers.search(pageOf('harbour', 'open-text')), workers.search(pageOf('budget', 'open-text'))]);
    assert.equal(started.length, 2);
  });

  it('ends its workers when closed, and fails the search still waiting', async () => {
    const before = liveWorkerThreads();
    const workers = createSearchWorkers({ file, size: 2 });
    await Promise.all([workers.search(pageOf('harbour', 'open-text')), workers.search(pageOf('budget', 'open-text'))]);
    assert.equal(liveWorkerThreads(), before + 2);
    const cut = Promise.allSettled([0, 1, 2].map(() => workers.search(pageOf('museum', 'open-text'))));
    await workers.close();
    assert.equal(liveWorkerThreads(), before);
    // The two running may have answered before their workers ended; the one waiting never ran.
    assert.equal((await cut)[2]?.status, 'rejected');
    await assert.rejects(workers.search(pageOf('harbour', 'open-text')), /closed/);
  });
});
