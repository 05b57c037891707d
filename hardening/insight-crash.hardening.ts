import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnNode, startScriptArgs, stopAll, waitUntilServing } from '../bench/server-process.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addArticle, seedPublication } from '../test/content-fixtures.ts';
import { recordFigure } from './figures.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * kill -9 of a real server process while readers read: the insights ledger buffers its events and
 * writes them each second (docs/decisions/0027), so what a crash may lose is the events of the last
 * second, plus the batch being written at that moment, and nothing older. Each read carries its own
 * campaign name (`utm_campaign`), which the ledger keeps, so every acknowledged read can be looked
 * for afterwards.
 */
const rounds = Number(process.env.CRASH_ROUNDS ?? 2);
const flushEveryMs = 1_000;
// The batch in flight at the kill: the inserts of one second's events, which take far less than this here.
const batchWriteMs = 250;
const secret = 'hardening-secret-that-is-long-enough-to-pass';
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-insight-crash-'));
const testUrl = process.env.TEST_DATABASE_URL;

after(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

describe(`kill -9 of a server recording insight events (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it('loses at most the last second of events, and writes none twice', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(dataDir, 'insightcrash');
    const database = await openDatabase(location);
    const { db } = database;
    await migrateToLatest(db, database.dialect);
    const seeded = await seedPublication(db, now);
    for (let index = 0; index < 10; index += 1) await addArticle(db, seeded, { slug: `free-${index}`, access: 'free' }, now);

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const url = `http://127.0.0.1:${port}`;
    const serverEnv = {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '1',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECRET: secret,
      // Production refuses the test-mode payments; these keys are never used, as no one pays here.
      STRIPE_SECRET_KEY: 'sk_test_hardening',
      STRIPE_WEBHOOK_SECRET: 'whsec_hardeninginsights',
      JOB_INTERVAL_SECONDS: '3600',
      ...env,
    };

    let oldestLostMs = 0;
    let lostInAll = 0;
    let acknowledgedInAll = 0;
    for (let round = 0; round < rounds; round += 1) {
      const server = spawnNode(startScriptArgs(), serverEnv, path.join(dataDir, 'server.log'));
      await waitUntilServing(`${url}/healthz`);
      const acknowledgedAt = new Map<string, number>();
      let isKilled = false;
      let sent = 0;
      // Eight readers, each reading one page after another until the server dies under them.
      const readers = Array.from({ length: 8 }, async () => {
        while (!isKilled) {
          const campaign = `r${round}-${sent++}`;
          try {
            const response = await fetch(`${url}/world/free-${sent % 10}?utm_campaign=${campaign}`);
            await response.text();
            if (response.status === 200) acknowledgedAt.set(campaign, performance.now());
          } catch {
            return;
          }
        }
      });
      // Long enough for several flushes, then at a random moment within a second.
      while (acknowledgedAt.size < 300) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 1_500 + Math.floor(Math.random() * 1_000)));
      const killedAt = performance.now();
      server.child.kill('SIGKILL');
      isKilled = true;
      await new Promise((resolve) => server.child.once('exit', resolve));
      await Promise.all(readers);

      const rows = await db
        .selectFrom('insight_events')
        .select(['campaign'])
        .where('kind', '=', 'article-read')
        .where('campaign', 'like', `r${round}-%`)
        .execute();
      const written = new Map<string, number>();
      for (const { campaign } of rows) if (campaign !== null) written.set(campaign, (written.get(campaign) ?? 0) + 1);
      assert.deepEqual(
        [...written].filter(([, count]) => count > 1),
        [],
        'no read is written twice',
      );
      const lost = [...acknowledgedAt].filter(([campaign]) => !written.has(campaign));
      for (const [campaign, at] of lost) {
        const ageMs = killedAt - at;
        oldestLostMs = Math.max(oldestLostMs, ageMs);
        assert.ok(ageMs <= flushEveryMs + batchWriteMs, `the read ${campaign}, acknowledged ${Math.round(ageMs)} ms before the kill, was lost`);
      }
      assert.ok(written.size >= acknowledgedAt.size - lost.length);
      lostInAll += lost.length;
      acknowledgedInAll += acknowledgedAt.size;
    }
    await database.close();
    recordFigure('insight events after kill -9', 'reads acknowledged', acknowledgedInAll);
    recordFigure('insight events after kill -9', 'events lost', lostInAll);
    recordFigure('insight events after kill -9', 'oldest lost (ms before the kill)', Math.round(oldestLostMs));
    console.log(
      `${acknowledgedInAll} reads acknowledged over ${rounds} kills; ${lostInAll} events lost, the oldest ${Math.round(oldestLostMs)} ms before its kill`,
    );
  });
});
