import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { subscribeReaders } from '../test/delivery-fixtures.ts';
import { seedNewsletterSend } from '../test/newsletter-send-fixtures.ts';
import { recordFigure } from './figures.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * Queueing a send to 100,000 readers keeps a process's memory flat (docs/decisions/0033): the
 * recipients are inserted by INSERT … SELECT and never pass through it. A process of its own
 * queues the send, so its peak RSS is the queueing's and nothing else's.
 */
const readers = Number(process.env.NEWSLETTER_QUEUE_READERS ?? 100_000);
const ceilingMb = 250;
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-newsletter-queue-'));
const testUrl = process.env.TEST_DATABASE_URL;

after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

describe(`queueing a send to ${readers} readers (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it(`stays under ${ceilingMb} MB of RSS`, async () => {
    const now = new Date();
    const { location } = await serverDatabase(dataDir, 'nlqueue');
    const database = await openDatabase(location);
    await migrateToLatest(database.db, database.dialect);
    const fixture = await seedNewsletterSend(database.db, now);
    await subscribeReaders(database.db, fixture.newsletterId, { count: readers, prefix: 'memory' }, now);
    await database.close();

    const module = (file: string) => JSON.stringify(pathToFileURL(path.resolve(file)).href);
    const script = `
      import { openDatabase } from ${module('src/db/database.ts')};
      import { queueSend } from ${module('src/newsletters/delivery/queue-send.ts')};
      const database = await openDatabase(${JSON.stringify(location)});
      const started = performance.now();
      const queued = await queueSend(database.db, ${fixture.sendId}, new Date());
      const seconds = (performance.now() - started) / 1000;
      await database.close();
      console.log(JSON.stringify({ queued, seconds, peakMb: process.resourceUsage().maxRSS / 1024 }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { queued, seconds, peakMb } = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { queued: number; seconds: number; peakMb: number };
    assert.equal(queued, readers + 2);
    assert.ok(peakMb < ceilingMb, `peak RSS ${Math.round(peakMb)} MB`);
    recordFigure('newsletter queueing', `peak RSS (MB), ${readers} readers`, Math.round(peakMb));
    recordFigure('newsletter queueing', 'seconds', Number(seconds.toFixed(1)));
    console.log(`${queued} recipients queued in ${seconds.toFixed(1)} s, peak RSS ${Math.round(peakMb)} MB`);
  });
});
