import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { spawnNode, startScriptArgs, stopAll, waitUntilServing } from '../bench/server-process.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { accessLevels } from '../src/content/access-level.ts';
import { parseStoredBodyBlocks } from '../src/content/body-blocks.ts';
import type { DatabaseLocation } from '../src/config/config.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { searchArticles } from '../src/search/search-articles.ts';
import { parseSearchQuery } from '../src/search/search-query.ts';
import { writeAccessSettings } from '../src/settings/access-settings-repository.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../test/content-fixtures.ts';
import { recordFigure } from './figures.ts';
import { subscriptionCreatedDelivery } from './stripe-deliveries.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * kill -9 while the server counts meters, takes Stripe's webhooks and publishes scheduled articles,
 * then a restart: every write the server acknowledged is there, nothing is half-written, and a
 * webhook that was not acknowledged completes exactly once when Stripe delivers it again. And kill -9
 * during an archive import: every batch it acknowledged is there and whole, and the import run again
 * completes it exactly once.
 */
const rounds = Number(process.env.CRASH_ROUNDS ?? 3);
const secret = 'hardening-secret-that-is-long-enough-to-pass';
const webhookSecret = 'whsec_hardeningcrash';
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-crash-'));
const importDataDir = mkdtempSync(path.join(tmpdir(), 'dateline-crash-import-'));
const testUrl = process.env.TEST_DATABASE_URL;

after(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(importDataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

/** Sends a request and says whether the server acknowledged it; a connection cut by the kill is no acknowledgement. */
async function acknowledged(url: string, init: RequestInit, isAcknowledgement: (response: Response, body: string) => boolean): Promise<boolean> {
  try {
    const response = await fetch(url, init);
    return isAcknowledgement(response, await response.text());
  } catch {
    return false;
  }
}

/**
 * SQLite's own check of the file, on a connection of its own, as an operator would run it: FTS5's
 * check on a long-lived connection that has not touched an index since another process wrote to it
 * compares against the structure it read before, and reports corruption the file does not have.
 */
async function sqliteIntegrity(location: DatabaseLocation): Promise<string[]> {
  const checking = await openDatabase(location);
  try {
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(checking.db);
    return rows.map((row) => row.integrity_check);
  } finally {
    await checking.close();
  }
}

describe(`kill -9 and restart (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it('keeps every acknowledged write, leaves nothing half-written, and completes retried webhooks once', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(dataDir, 'crash');
    const database = await openDatabase(location);
    const db: Database = database.db;
    await migrateToLatest(db, database.dialect);
    const seeded = await seedPublication(db, now);
    await seedCatalogue(db, now);
    await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 100 }, defaultPreviewBlocks: 1 }, now);
    const metered: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      const slug = `metered-${index}`;
      await addArticle(db, seeded, { slug, headline: `Metered story ${index}`, body: 'One paragraph.\n\nTwo paragraphs.\n\nThree paragraphs.' }, now);
      metered.push(slug);
    }
    const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'trial').executeTakeFirstOrThrow();

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const url = `http://127.0.0.1:${port}`;
    // One server process, so `kill -9` ends the process that was writing (not a supervisor whose workers stop cleanly).
    const serverEnv = {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '1',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECRET: secret,
      STRIPE_SECRET_KEY: 'sk_test_hardening',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      JOB_INTERVAL_SECONDS: '1',
      ...env,
    };
    const startServer = async () => {
      const server = spawnNode(startScriptArgs(), serverEnv, path.join(dataDir, 'server.log'));
      await waitUntilServing(`${url}/healthz`);
      return server;
    };

    let writesChecked = 0;
    let readsInFlight = 0;
    for (let round = 0; round < rounds; round += 1) {
      // This round's readers, checkouts and scheduled articles, written while the server is down.
      const readers: { accountId: number; cookie: string }[] = [];
      for (let index = 0; index < 16; index += 1) {
        const accountId = await insertAccount(db, { email: `crash-${round}-${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
        readers.push({ accountId, cookie: `${sessionCookieName}=${(await openSession(db, accountId, now)).token}` });
      }
      // Readers at Stripe Checkout are others: once subscribed, their reads are no longer metered.
      const buyers: number[] = [];
      for (let index = 0; index < 6; index += 1) {
        const buyerId = await insertAccount(db, { email: `buyer-${round}-${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
        buyers.push(buyerId);
        await db
          .insertInto('checkout_sessions')
          .values({
            id: `chk_crash_${round}_${index}`,
            account_id: buyerId,
            offer_id: offer.id,
            provider: 'stripe',
            provider_session_id: `cs_crash_${round}_${index}`,
            status: 'open',
            created_at: now.toISOString(),
            completed_at: null,
          })
          .execute();
      }
      const scheduledAt = new Date(Date.now() + 500);
      for (let index = 0; index < 4; index += 1) {
        await addArticle(
          db,
          seeded,
          {
            slug: `scheduled-${round}-${index}`,
            headline: `Scheduled ${round} ${index}`,
            status: 'scheduled',
            publishedAt: new Date(scheduledAt.getTime() + index * 400),
          },
          now,
        );
      }

      const server = await startServer();
      // Each reader reads one article after another, so reads are still being recorded when the kill comes.
      let acknowledgedSoFar = 0;
      const reads = readers.map(async (reader) => {
        const outcomes = [];
        for (const slug of metered) {
          const isAcknowledged = await acknowledged(
            `${url}/world/${slug}`,
            { headers: { cookie: reader.cookie } },
            (response, body) => response.status === 200 && body.includes('Three paragraphs.'),
          );
          if (isAcknowledged) acknowledgedSoFar += 1;
          outcomes.push({ reader, slug, isAcknowledged });
        }
        return outcomes;
      });
      const deliveries = Array.from({ length: 6 }, (_, index) =>
        subscriptionCreatedDelivery({ key: `crash_${round}_${index}`, checkoutId: `chk_crash_${round}_${index}`, now, webhookSecret }),
      );
      const webhooks = deliveries.map(async (delivery, index) => ({
        index,
        isAcknowledged: await acknowledged(
          `${url}/webhooks/stripe`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature }, body: delivery.payload },
          (response) => response.status === 200,
        ),
      }));
      // Somewhere in the middle of it all: once reads are being acknowledged, at a random moment while
      // more are recorded, webhooks handled and articles published.
      while (acknowledgedSoFar < 20) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 800)));
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.once('exit', resolve));
      const readOutcomes = (await Promise.all(reads)).flat();
      const webhookOutcomes = await Promise.all(webhooks);

      const acknowledgedReads = readOutcomes.filter((outcome) => outcome.isAcknowledged).length;
      assert.ok(acknowledgedReads > 0, 'some reads were acknowledged before the kill');
      readsInFlight += readOutcomes.length - acknowledgedReads;

      const restarted = await startServer();
      // Every acknowledged read is on the reader's meter.
      for (const { reader, slug, isAcknowledged } of readOutcomes.filter((outcome) => outcome.isAcknowledged)) {
        const recorded = await db
          .selectFrom('meter_reads as m')
          .innerJoin('articles as a', 'a.id', 'm.article_id')
          .select('m.article_id')
          .where('m.account_id', '=', reader.accountId)
          .where('a.slug', '=', slug)
          .executeTakeFirst();
        assert.ok(isAcknowledged && recorded, `the acknowledged read of ${slug} by reader ${reader.accountId} was lost`);
        writesChecked += 1;
      }
      // Stripe delivers again whatever was not acknowledged; every checkout then has exactly one subscription.
      for (const { index, isAcknowledged } of webhookOutcomes) {
        const delivery = deliveries[index];
        assert.ok(delivery);
        if (!isAcknowledged) {
          const retry = await fetch(`${url}/webhooks/stripe`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature },
            body: delivery.payload,
          });
          assert.equal(retry.status, 200, 'a retried webhook completes');
        }
        const buyerId = buyers[index];
        assert.ok(buyerId !== undefined);
        const subscriptions = await db.selectFrom('subscriptions').select('id').where('account_id', '=', buyerId).execute();
        assert.equal(subscriptions.length, 1, `checkout ${index} of round ${round} has exactly one subscription`);
        const events = await db.selectFrom('payment_events').select('event_id').where('event_id', '=', `evt_crash_${round}_${index}`).execute();
        assert.equal(events.length, 1, 'the event is recorded once');
        writesChecked += 1;
      }
      // A scheduled article is published with its audit entry, or not at all.
      for (let index = 0; index < 4; index += 1) {
        const article = await db
          .selectFrom('articles')
          .select(['status', 'headline'])
          .where('slug', '=', `scheduled-${round}-${index}`)
          .executeTakeFirstOrThrow();
        const audited = await db
          .selectFrom('audit_log')
          .select('action')
          .where('action', '=', 'published (scheduled)')
          .where('subject', '=', `“${article.headline}”`)
          .execute();
        assert.equal(audited.length, article.status === 'published' ? 1 : 0, `scheduled article ${index} of round ${round} is whole`);
        writesChecked += 1;
      }
      if (database.dialect === 'sqlite') assert.deepEqual(await sqliteIntegrity(location), ['ok'], 'SQLite finds its file whole');
      restarted.child.kill('SIGTERM');
      await new Promise((resolve) => restarted.child.once('exit', resolve));
    }
    await database.close();
    recordFigure('Crash safety', 'kill -9 rounds survived', rounds);
    recordFigure('Crash safety', 'acknowledged writes checked', writesChecked);
    recordFigure('Crash safety', 'requests cut off by the kill', readsInFlight);
    assert.ok(writesChecked > 0);
  });

  it('keeps every batch an import acknowledged, whole, and completes the import exactly once when run again', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(importDataDir, 'import');
    const database = await openDatabase(location);
    const db: Database = database.db;
    await migrateToLatest(db, database.dialect);
    await seedPublication(db, now);

    // An archive whose every article can be told apart: a word of its own to search for, its byline
    // (an author the site has and 37 it has not), its section and its access level.
    const articleCount = 1500;
    const archive = Array.from({ length: articleCount }, (_, index) => ({
      section: index % 3 === 0 ? 'culture' : 'world',
      slug: `archive-${index}`,
      headline: `Archive story ${index}`,
      authors: index % 2 === 0 ? ['Ada Reporter', `Correspondent ${index % 37}`] : [`Correspondent ${index % 37}`],
      body: `The story of marker${index}q begins here.\n\nIt goes on.\n\nIt ends.`,
      access: accessLevels[index % accessLevels.length],
      publishedAt: new Date(Date.UTC(2012, 0, 1) + index * 3_600_000).toISOString(),
    }));
    const archiveFile = path.join(importDataDir, 'archive.jsonl');
    writeFileSync(archiveFile, `${archive.map((article) => JSON.stringify(article)).join('\n')}\n`);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const siteEnv = {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '1',
      DATA_DIR: importDataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECRET: secret,
      STRIPE_SECRET_KEY: 'sk_test_hardening',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      ...env,
    };

    /** The import as an operator runs it; each progress line it prints is its acknowledgement. */
    const startImport = () => {
      const { child } = spawnNode(['src/cli.ts', 'import', archiveFile], siteEnv);
      const run = { child, acknowledgements: 0, acknowledged: 0, lastLine: '', hasEnded: false };
      let buffered = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          run.lastLine = line;
          const progress = /^Imported (\d+) of \d+ articles/.exec(line);
          if (progress) {
            run.acknowledgements += 1;
            run.acknowledged = Number(progress[1]);
          }
        }
      });
      // 'close', not 'exit': by then every line the import wrote has been read.
      const ended = new Promise<number | null>((resolve) =>
        child.once('close', (code) => {
          run.hasEnded = true;
          resolve(code);
        }),
      );
      return { run, ended };
    };

    let articlesChecked = 0;
    /** The first `acknowledged` articles of the file are there and whole, and nothing is half there. Returns how many are there. */
    const checkImported = async (acknowledged: number): Promise<number> => {
      const rows = await db
        .selectFrom('articles as a')
        .innerJoin('sections as s', 's.id', 'a.section_id')
        .select(['a.id', 'a.slug', 'a.body_blocks', 'a.access_level', 's.slug as section_slug'])
        .where('a.slug', 'like', 'archive-%')
        .execute();
      const bySlug = new Map(rows.map((row) => [row.slug, row]));
      // Batches commit in the file's order: what is there is the file's beginning, at least as far as acknowledged.
      assert.ok(rows.length >= acknowledged, `${acknowledged} articles were acknowledged, ${rows.length} are there`);
      assert.ok(
        archive.slice(0, rows.length).every((article) => bySlug.has(article.slug)),
        'the articles there are the first of the file',
      );
      const bylines = await db
        .selectFrom('article_authors as aa')
        .innerJoin('articles as a', 'a.id', 'aa.article_id')
        .innerJoin('authors as au', 'au.id', 'aa.author_id')
        .select(['a.slug', 'au.name'])
        .where('a.slug', 'like', 'archive-%')
        .orderBy('a.slug')
        .orderBy('aa.position')
        .execute();
      const namesOf = new Map<string, string[]>();
      for (const { slug, name } of bylines) namesOf.set(slug, [...(namesOf.get(slug) ?? []), name]);
      const indexed = new Set((await db.selectFrom('article_search').select('rowid').execute()).map((row) => Number(row.rowid)));
      for (const row of rows) {
        // Not only the acknowledged: an article of a batch committed just before the kill is whole too.
        assert.ok((namesOf.get(row.slug) ?? []).length > 0, `${row.slug} has no byline`);
        assert.ok(indexed.has(row.id), `${row.slug} is not in the search index`);
      }
      for (const [index, article] of archive.slice(0, acknowledged).entries()) {
        const row = bySlug.get(article.slug);
        assert.ok(row, `the acknowledged ${article.slug} was lost`);
        assert.equal(row.section_slug, article.section);
        assert.equal(row.access_level, article.access);
        assert.deepEqual(namesOf.get(article.slug), article.authors, `${article.slug} has its byline, in order`);
        const body = parseStoredBodyBlocks(row.body_blocks);
        assert.equal(body.length, 3, `${article.slug} has its rendered body`);
        assert.match(body[0]?.html ?? '', new RegExp(`marker${index}q`));
        const query = parseSearchQuery(`marker${index}q`);
        assert.ok(query);
        const found = await searchArticles(db, database.dialect, { query, scope: 'whole-text', now: new Date(), limit: 5, offset: 0 });
        assert.deepEqual(
          found.hits.map((hit) => hit.articleId),
          [row.id],
          `${article.slug} is found by search`,
        );
        articlesChecked += 1;
      }
      if (database.dialect === 'sqlite') assert.deepEqual(await sqliteIntegrity(location), ['ok'], 'SQLite finds its file whole');
      return rows.length;
    };

    let kills = 0;
    for (let round = 0; round < rounds; round += 1) {
      const { run, ended } = startImport();
      // A random moment after one to four acknowledgements of this run: between batches or inside one.
      const wanted = 1 + Math.floor(Math.random() * 4);
      while (run.acknowledgements < wanted && !run.hasEnded) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 100)));
      if (run.hasEnded) break;
      run.child.kill('SIGKILL');
      await ended;
      kills += 1;
      assert.ok(run.acknowledged > 0, 'the import acknowledged a batch before the kill');
      await checkImported(run.acknowledged);
    }

    // Run again to the end, the site running beside it: it writes only what is missing.
    const present = await checkImported(0);
    const server = spawnNode(startScriptArgs(), siteEnv, path.join(importDataDir, 'server.log'));
    await waitUntilServing(`http://127.0.0.1:${port}/healthz`);
    const { run, ended } = startImport();
    assert.equal(await ended, 0, 'the import run again completes');
    assert.equal(run.acknowledged, articleCount);
    assert.equal(
      run.lastLine,
      `Imported all ${articleCount} articles of ${archiveFile}: ${articleCount - present} new${present > 0 ? `, skipped ${present} already there` : ''}.`,
    );
    const last = archive[articleCount - 1];
    assert.ok(last);
    const since = performance.now();
    while ((await fetch(`http://127.0.0.1:${port}/${last.section}/${last.slug}`)).status !== 200) {
      assert.ok(performance.now() - since < 1000, 'the running site shows the last article within a second');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));

    assert.equal(await checkImported(articleCount), articleCount, 'exactly the file’s articles, none twice');
    const correspondents = await db.selectFrom('authors').select('slug').where('slug', 'like', 'correspondent-%').execute();
    assert.equal(correspondents.length, 37, 'each new author made once, across all the runs');
    await database.close();
    recordFigure('Crash safety', 'imports killed mid-run', kills);
    recordFigure('Crash safety', 'imported articles checked', articlesChecked);
    assert.ok(kills > 0, 'at least one import was killed mid-run');
  });
});
