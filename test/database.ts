import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: a SQLite file in a temporary folder, or, when
 * TEST_DATABASE_URL is set (the PostgreSQL pass), a schema of its own on that server. It is removed
 * when the file's tests end. Call it at the top of a test file (top-level await), so its clean-up
 * belongs to the whole file rather than to one test.
 */
export async function openTestDatabase(): Promise<OpenDatabase & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-test-'));
  const url = process.env.TEST_DATABASE_URL;
  let database: OpenDatabase;
  let dropSchema = async () => {};
  if (url) {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    database = await openDatabase({ kind: 'postgres', url }, { schema, poolSize: 20 });
    dropSchema = async () => {
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    };
  } else {
    database = await openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'test.sqlite') });
  }
  await migrateToLatest(database.db, database.dialect);
  after(async () => {
    await database.close();
    await dropSchema();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { ...database, dataDir };
}
