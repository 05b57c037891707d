import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { spawnNode, stopAll } from '../bench/server-process.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { csvLineOf } from '../src/readers/reader-csv.ts';
import { datelineColumns, datelineFieldsOf, type FileReader } from '../src/readers/reader-file.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { recordFigure } from './figures.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * kill -9 during `readers:import`, as during the archive import (crash.hardening.ts): every batch
 * the import acknowledged is there and whole (account, subscription, complimentary access, notes,
 * the imported event, each once), and the import run again completes it exactly once.
 */
const rounds = Number(process.env.CRASH_ROUNDS ?? 3);
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-crash-readers-'));
const testUrl = process.env.TEST_DATABASE_URL;

after(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

describe(`kill -9 during readers:import (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it('keeps every batch the import acknowledged, whole, and completes the import exactly once when run again', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(dataDir, 'readers');
    const database = await openDatabase(location);
    const db: Database = database.db;
    await migrateToLatest(db, database.dialect);
    await seedCatalogue(db, now);

    // Readers that can be told apart: every one has as many notes as its number says (1 to 3), every
    // third a subscription, every fifth complimentary access.
    const readerCount = 3000;
    const later = new Date(now.getTime() + 30 * 86_400_000);
    const readers: Omit<FileReader, 'line'>[] = Array.from({ length: readerCount }, (_, index) => ({
      email: `reader-${index}@example.org`,
      name: `Reader ${index}`,
      createdAt: new Date(Date.UTC(2020, 0, 1) + index * 60_000),
      source: 'import',
      subscribedToEmails: index % 2 === 0,
      labels: [`group-${index % 7}`],
      notes: Array.from({ length: 1 + (index % 3) }, (_, note) => ({
        text: `Note ${note} of reader ${index}`,
        createdAt: new Date(Date.UTC(2024, 0, 1) + note),
      })),
      complimentary: index % 5 === 0 ? { startsAt: now, endsAt: null, reason: 'A friend of the paper' } : null,
      stripeCustomerId: null,
      subscription:
        index % 3 === 0
          ? {
              planSlug: 'digital',
              offerSlug: null,
              provider: 'test',
              providerSubscriptionId: null,
              subscribedAt: now,
              state: { status: 'active', currentPeriodEnd: later, trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
              introPeriodsLeft: 0,
              trialReminderSentAt: null,
              providerEventAt: null,
            }
          : null,
    }));
    const file = path.join(dataDir, 'readers.csv');
    writeFileSync(file, [csvLineOf(datelineColumns), ...readers.map((reader) => csvLineOf(datelineFieldsOf(reader)))].join(''));
    const importEnv = { DATA_DIR: dataDir, SECRET: 'hardening-secret-that-is-long-enough-to-pass', ...env };

    /** The import as an operator runs it; each progress line it prints is its acknowledgement. */
    const startImport = () => {
      const { child } = spawnNode(['src/cli.ts', 'readers:import', file], importEnv);
      const run = { child, acknowledgements: 0, acknowledged: 0, lastLine: '', hasEnded: false };
      let buffered = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          run.lastLine = line;
          const progress = /^Imported (\d+) of \d+ readers/.exec(line);
          if (progress) {
            run.acknowledgements += 1;
            run.acknowledged = Number(progress[1]);
          }
        }
      });
      const ended = new Promise<number | null>((resolve) =>
        child.once('close', (code) => {
          run.hasEnded = true;
          resolve(code);
        }),
      );
      return { run, ended };
    };

    let readersChecked = 0;
    /** The first `acknowledged` readers of the file are there, every reader there is whole and there once. Returns how many are there. */
    const checkImported = async (acknowledged: number): Promise<number> => {
      const accounts = await db.selectFrom('accounts').select(['id', 'email']).where('email', 'like', 'reader-%').execute();
      const count = async (table: 'reader_notes' | 'reader_events' | 'subscriptions' | 'complimentary_access') =>
        new Map(
          (
            await db
              .selectFrom(table)
              .select(['account_id', sql<number>`count(*)`.as('count')])
              .groupBy('account_id')
              .execute()
          ).map((row) => [row.account_id, Number(row.count)]),
        );
      const [notes, events, subscriptions, grants] = [
        await count('reader_notes'),
        await count('reader_events'),
        await count('subscriptions'),
        await count('complimentary_access'),
      ];
      // Batches commit in the file's order: what is there is the file's beginning, at least as far as acknowledged.
      assert.ok(accounts.length >= acknowledged, `${acknowledged} readers were acknowledged, ${accounts.length} are there`);
      const emails = new Set(accounts.map((account) => account.email));
      assert.ok(
        readers.slice(0, accounts.length).every((reader) => emails.has(reader.email)),
        'the readers there are the first of the file',
      );
      for (const account of accounts) {
        const index = Number(account.email.slice('reader-'.length, account.email.indexOf('@')));
        assert.equal(notes.get(account.id) ?? 0, 1 + (index % 3), `${account.email} has each note once`);
        assert.equal(events.get(account.id) ?? 0, 1, `${account.email} was imported once`);
        assert.equal(subscriptions.get(account.id) ?? 0, index % 3 === 0 ? 1 : 0, `${account.email} has its subscription once`);
        assert.equal(grants.get(account.id) ?? 0, index % 5 === 0 ? 1 : 0, `${account.email} has its complimentary access once`);
        readersChecked += 1;
      }
      return accounts.length;
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

    const present = await checkImported(0);
    const { run, ended } = startImport();
    assert.equal(await ended, 0, 'the import run again completes');
    assert.equal(run.acknowledged, readerCount);
    assert.equal(
      run.lastLine,
      `Imported all ${readerCount} readers of ${file} (Dateline's export): ${readerCount - present} new${present > 0 ? `, skipped ${present} already there` : ''}.`,
    );
    assert.equal(await checkImported(readerCount), readerCount, 'exactly the file’s readers, none twice');
    await database.close();
    recordFigure('Crash safety', 'reader imports killed mid-run', kills);
    recordFigure('Crash safety', 'imported readers checked', readersChecked);
    assert.ok(kills > 0, 'at least one import was killed mid-run');
  });
});
