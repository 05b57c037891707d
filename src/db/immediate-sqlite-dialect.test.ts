import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'dateline-immediate-'));
const file = path.join(folder, 'site.sqlite');
const site = await openDatabase({ kind: 'sqlite', file });
await migrateToLatest(site.db, site.dialect);
// Another writer on the same file, as the ledger's thread or the command line is; it does not wait.
const otherWriter = new DatabaseSync(file, { timeout: 0 });
after(async () => {
  otherWriter.close();
  await site.close();
  rmSync(folder, { recursive: true, force: true });
});

const now = new Date('2026-11-20T12:00:00Z').toISOString();
const writeFromOtherConnection = (key: string) => otherWriter.prepare('insert into settings (key, value, updated_at) values (?, ?, ?)').run(key, '1', now);

describe('transactions on a SQLite file that other connections also write', () => {
  it('hold the write lock from their first statement, so a read followed by a write commits', async () => {
    let refusedMeanwhile = false;
    await site.db.transaction().execute(async (trx) => {
      await trx.selectFrom('settings').select('key').execute();
      try {
        writeFromOtherConnection('written-during-the-transaction');
      } catch (error) {
        refusedMeanwhile = error instanceof Error && /locked|busy/i.test(error.message);
      }
      await trx.insertInto('settings').values({ key: 'written-after-reading', value: '1', updated_at: now }).execute();
    });
    assert.ok(refusedMeanwhile, 'the other connection could not write while the transaction was open');
    writeFromOtherConnection('written-after-the-transaction');
    const keys = (await site.db.selectFrom('settings').select('key').orderBy('key').execute()).map((row) => row.key);
    assert.deepEqual(
      keys.filter((key) => key.startsWith('written-')),
      ['written-after-reading', 'written-after-the-transaction'],
    );
  });
});
