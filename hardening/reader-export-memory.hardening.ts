import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnNode, startScriptArgs, stopAll, waitUntilServing } from '../bench/server-process.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { signedInCookie } from '../test/readers.ts';
import { recordFigure } from './figures.ts';
import { openLiveHeap } from './live-heap.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * The desk's CSV export of 100,000 readers, through the real server: the whole list arrives, and
 * what the server holds while sending it stays far below what the list would take held at once
 * (its rows as objects and the CSV as text come to well over 100 MB), because it is read and sent a
 * batch at a time. What it holds is read at a quarter, half and three quarters of the way, after a
 * full collection (live-heap.ts): resident memory would count garbage V8 has not collected yet.
 */
const readerCount = 100_000;
const allowedGrowthMb = 20;
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-export-memory-'));
const testUrl = process.env.TEST_DATABASE_URL;

after(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

describe(`the desk's CSV export of ${readerCount.toLocaleString('en')} readers (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it('sends every reader while the server holds a batch at a time', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(dataDir, 'export');
    const database = await openDatabase(location);
    await migrateToLatest(database.db, database.dialect);
    await seedCatalogue(database.db, now);
    const plan = await database.db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
    const periodEnd = new Date(now.getTime() + 30 * 86_400_000).toISOString();
    for (let start = 0; start < readerCount; start += 1000) {
      const rows = Array.from({ length: 1000 }, (_, offset) => {
        const index = start + offset;
        return {
          email: `export-${index}@example.org`,
          name: `Export Reader ${index} with a name of ordinary length`,
          password_hash: null,
          role: 'reader' as const,
          created_at: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString(),
          updated_at: now.toISOString(),
        };
      });
      const ids = await database.db.insertInto('accounts').values(rows).returning('id').execute();
      // Every third reader subscribes, so the export reads subscriptions too.
      const subscribers = ids.filter((_, offset) => (start + offset) % 3 === 0);
      await database.db
        .insertInto('subscriptions')
        .values(
          subscribers.map(({ id }) => ({
            account_id: id,
            plan_id: plan.id,
            offer_id: null,
            provider: 'test' as const,
            provider_subscription_id: null,
            provider_customer_id: null,
            status: 'active' as const,
            current_period_end: periodEnd,
            trial_end: null,
            past_due_since: null,
            ended_from: null,
            resume_to: null,
            intro_periods_left: 0,
            trial_reminder_sent_at: null,
            provider_event_at: null,
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
          })),
        )
        .execute();
    }
    const { cookie } = await signedInCookie(database.db, 'support', now);
    await database.close();

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const url = `http://127.0.0.1:${port}`;
    const inspectorPort = port + 1;
    const server = spawnNode(
      [`--inspect=127.0.0.1:${inspectorPort}`, ...startScriptArgs()],
      {
        NODE_ENV: 'production',
        WEB_CONCURRENCY: '1',
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SECRET: 'hardening-secret-that-is-long-enough-to-pass',
        STRIPE_SECRET_KEY: 'sk_test_hardening',
        STRIPE_WEBHOOK_SECRET: 'whsec_hardening',
        ...env,
      },
      path.join(dataDir, 'server.log'),
    );
    await waitUntilServing(`${url}/healthz`);
    assert.ok(server.child.pid, 'the server has a process id');
    const liveHeap = await openLiveHeap(inspectorPort);
    // A small export first, so that what the large one adds is the list, not the route's first use.
    assert.equal((await (await fetch(`${url}/admin/readers/export.csv?q=export-1@`, { headers: { cookie } })).text()).split('\n').length, 3);
    const before = await liveHeap.megabytes();

    const answer = await fetch(`${url}/admin/readers/export.csv`, { headers: { cookie } });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/csv/);
    let lines = 0;
    let bytes = 0;
    const decoder = new TextDecoder();
    const checkpoints = [0.25, 0.5, 0.75].map((share) => share * readerCount);
    const heldOnTheWay: number[] = [];
    for await (const chunk of answer.body ?? []) {
      bytes += chunk.byteLength;
      lines += decoder.decode(chunk, { stream: true }).split('\n').length - 1;
      // Reading stops here while the server waits for the connection to drain, mid-export.
      if (lines >= (checkpoints[0] ?? Number.POSITIVE_INFINITY)) {
        checkpoints.shift();
        heldOnTheWay.push(await liveHeap.megabytes());
      }
    }
    liveHeap.close();
    const peak = Math.max(...heldOnTheWay);

    assert.equal(lines, readerCount + 1, 'a header and a line for every reader');
    assert.equal(heldOnTheWay.length, 3, 'read at three points of the way');
    const growth = peak - before;
    recordFigure('Readers export', 'readers exported', readerCount);
    recordFigure('Readers export', 'MB sent', Math.round(bytes / 1_000_000));
    recordFigure('Readers export', 'live MB before', before);
    recordFigure('Readers export', 'most live MB on the way', peak);
    assert.ok(
      growth < allowedGrowthMb,
      `exporting ${Math.round(bytes / 1_000_000)} MB, the server held ${heldOnTheWay.join(', ')} MB on the way (${before} MB before)`,
    );
  });
});
