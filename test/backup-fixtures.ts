import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import { addActiveSubscription } from './commerce-fixtures.ts';
import { writeImageRenditions } from '../src/content/image-renditions.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { mediaDirOf } from '../src/content/media-folder.ts';
import { addArticle, seedPublication, type SeededPublication } from './content-fixtures.ts';
import type { BackupDatabase } from '../src/backup/backup-database.ts';

/*
 * For the backup tests and the hardening check: a site to back up, the test database as a backup's
 * source, and fresh places to restore into, each removed when the test file ends.
 */

/** The test database (see test/database.ts) as takeBackup names it: its file, or its server and schema. */
export async function backupSourceOf(database: OpenDatabase): Promise<BackupDatabase> {
  if (database.dialect === 'sqlite') {
    const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(database.db);
    const file = rows[0]?.file;
    if (!file) throw new Error('the test database has no file');
    return { kind: 'sqlite', file };
  }
  const url = process.env.TEST_DATABASE_URL;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema;
  if (!url || !schema) throw new Error('the PostgreSQL test database has no URL or schema');
  return { kind: 'postgres', url, schema };
}

/** A folder of its own, removed when the test file ends. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `dateline-${prefix}-`));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A new, empty database on the PostgreSQL test server: its URL, and how to drop it once done with. */
export async function createEmptyPostgresDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dateline_backup_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  // A closed pool ends its connections without waiting for them to go; one still open when the
  // database is dropped would be cut off and complain, so the drop waits for them first.
  const drop = async () => {
    const cleaner = new pg.Client({ connectionString: url });
    await cleaner.connect();
    const deadline = Date.now() + 5000;
    const isInUse = async () =>
      (await cleaner.query<{ count: number }>('select count(*)::int as count from pg_stat_activity where datname = $1', [name])).rows[0]?.count !== 0;
    while (Date.now() < deadline && (await isInUse())) await new Promise((resolve) => setTimeout(resolve, 20));
    await cleaner.query(`drop database if exists ${name} with (force)`);
    await cleaner.end();
  };
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop };
}

/** `npm run dateline -- …` as an operator runs it, in a process of its own. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * The environment an operator would give `npm run dateline` for this data folder and database: on
 * PostgreSQL, a schema is chosen by the search path in DATABASE_URL (encoded as libpq reads it too).
 */
export function cliEnvironment(dataDir: string, database: BackupDatabase): Record<string, string> {
  if (database.kind === 'sqlite') {
    if (database.file !== path.join(dataDir, 'dateline.sqlite')) throw new Error('the command line finds SQLite only as DATA_DIR/dateline.sqlite');
    return { DATA_DIR: dataDir };
  }
  const url = new URL(database.url);
  if (database.schema !== undefined)
    url.search = `${url.search === '' ? '?' : `${url.search}&`}options=${encodeURIComponent(`-c search_path=${database.schema}`)}`;
  return { DATA_DIR: dataDir, DATABASE_URL: url.toString() };
}

export type RestoreTarget = {
  database: BackupDatabase;
  dataDir: string;
  mediaDir: string;
  /** For restoring through the command line. */
  env: Record<string, string>;
  /** Opens the restored database, to read it or build an app on it; closed when the test file ends. */
  open: () => Promise<OpenDatabase & { dataDir: string }>;
};

/**
 * An empty data folder, and on PostgreSQL an empty database of its own, to restore a backup of
 * `source` into. The restore puts a PostgreSQL backup's tables back in the schema they came from,
 * so the target's connections look there.
 */
export async function openRestoreTarget(source: BackupDatabase): Promise<RestoreTarget> {
  const dataDir = temporaryFolder('restored');
  const emptyDatabase = source.kind === 'postgres' ? await createEmptyPostgresDatabase(source.url) : null;
  const database: BackupDatabase =
    source.kind === 'postgres' && emptyDatabase
      ? { kind: 'postgres', url: emptyDatabase.url, ...(source.schema === undefined ? {} : { schema: source.schema }) }
      : { kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') };
  const opened: OpenDatabase[] = [];
  // Connections first: dropping the database ends them, and a pool whose connections are ended under it complains.
  after(async () => {
    for (const each of opened) await each.close();
    await emptyDatabase?.drop();
  });
  const open = async () => {
    const restored =
      database.kind === 'sqlite'
        ? await openDatabase(database)
        : await openDatabase({ kind: 'postgres', url: database.url }, database.schema === undefined ? {} : { schema: database.schema });
    opened.push(restored);
    return { ...restored, dataDir };
  };
  return { database, dataDir, mediaDir: mediaDirOf(dataDir), env: cliEnvironment(dataDir, database), open };
}

/** A tiny lead image, drawn rather than stored, so the backup has real files in its media folder. */
const fixtureImage = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="36"><rect width="64" height="36" fill="#2a6f97"/></svg>');

/**
 * A small site with something in every table the manifest counts: two published articles with the
 * fixtures' lead image (whose renditions are drawn into the media folder), a reader and their
 * subscription.
 */
export async function seedBackupSite(database: OpenDatabase & { dataDir: string }, now: Date): Promise<SeededPublication> {
  const { db } = database;
  await writeImageRenditions({ source: fixtureImage, key: 'fixture-image', mediaDir: mediaDirOf(database.dataDir) });
  const seeded = await seedPublication(db, now);
  await addArticle(db, seeded, { slug: 'harbour-reopens', headline: 'The harbour reopens', access: 'free' }, now);
  await addArticle(db, seeded, { slug: 'night-shift', section: 'culture', headline: 'A novel of the night shift' }, now);
  const accountId = await insertAccount(db, { email: 'reader@example.org', name: 'Rita Reader', passwordHash: null, role: 'reader', now });
  const planId = await savePlan(
    db,
    { slug: 'digital', name: 'Digital', benefits: ['Unlimited access'], priceMinor: 1500, currency: 'USD', interval: 'month', isActive: true },
    now,
  );
  await addActiveSubscription(db, { accountId: accountId, planId: planId, now });
  return seeded;
}
