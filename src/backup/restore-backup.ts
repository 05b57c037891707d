import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import { secretFileOf } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { mediaDirOf } from '../content/media-folder.ts';
import { BackupError } from './backup-error.ts';
import { hasDatelineTables, openBackupDatabase, type BackupDatabase } from './backup-database.ts';
import { backupLayout, copyMediaFolder, listFolder, syncToDisk } from './backup-folder.ts';
import { describeCountDifferences, readBackupManifest, type BackupManifest } from './backup-manifest.ts';
import { countContent, type ContentCounts } from './content-counts.ts';
import { runPostgresTool } from './postgres-tools.ts';

const databaseNames = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

function checkSqliteTargetIsEmpty(file: string): void {
  if (!existsSync(file)) return;
  let objects: number;
  try {
    const existing = new DatabaseSync(file);
    try {
      objects = Number(existing.prepare('select count(*) as count from sqlite_schema').get()?.count ?? 0);
    } finally {
      existing.close();
    }
  } catch (error) {
    throw new BackupError(
      `${file} is in the way and is not an empty SQLite database (${error instanceof Error ? error.message : String(error)}); restore into an empty DATA_DIR`,
    );
  }
  if (objects > 0) throw new BackupError(`${file} already holds a database; restore into an empty DATA_DIR`);
}

/**
 * Puts the backed-up SQLite file in place: copied beside its final name and then renamed, so the data
 * folder never holds half a database. The write-ahead log of the empty file it replaces must not
 * be replayed onto the copy, so it goes first.
 */
async function restoreSqlite(copy: string, file: string): Promise<void> {
  checkSqliteTargetIsEmpty(file);
  for (const leftover of [`${file}-wal`, `${file}-shm`]) await rm(leftover, { force: true });
  await copyFile(copy, `${file}.restoring`);
  await syncToDisk(`${file}.restoring`);
  await rename(`${file}.restoring`, file);
  await syncToDisk(path.dirname(file));
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The backup's secret goes where the server looks for it. A data folder that already keeps another
 * one is refused before anything is written: which of the two should sign readers' cookies is the
 * operator's choice.
 */
async function checkSecretTarget(backupSecret: string, targetSecret: string): Promise<string> {
  const secret = await readIfThere(backupSecret);
  if (secret === null) throw new BackupError(`The backup's manifest says it holds the secret, but ${backupSecret} is missing`);
  const existing = await readIfThere(targetSecret);
  if (existing !== null && existing !== secret) {
    throw new BackupError(
      `${targetSecret} holds a secret other than the backup's; remove it to restore the backup's, which readers' cookies and links were signed with`,
    );
  }
  return secret;
}

/**
 * The schema the target's connections would put Dateline's tables in once `schema` exists: where
 * pg_restore puts them must be where the server looks. A schema not there yet is made and at once
 * taken back again to see.
 */
async function schemaSeenOnceMade(db: Database, schema: string): Promise<{ seen: string | null; exists: boolean }> {
  const currentSchema = async (on: Database) => (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(on)).rows[0]?.schema ?? null;
  const { rows } = await sql<{ count: number }>`select count(*) as count from pg_namespace where nspname = ${schema}`.execute(db);
  if (Number(rows[0]?.count ?? 0) > 0) return { seen: await currentSchema(db), exists: true };
  const trx = await db.startTransaction().execute();
  try {
    await sql`create schema ${sql.id(schema)}`.execute(trx);
    return { seen: await currentSchema(trx), exists: false };
  } catch (error) {
    throw new BackupError(`Cannot make schema "${schema}" in DATABASE_URL's database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await trx.rollback().execute();
  }
}

/**
 * Restores the dump with pg_restore in one transaction, so a failure leaves the target as it was.
 * Owners and grants are left out: the target's roles need not be the source's, and Dateline grants
 * nothing of its own. A schema that already exists (public, or one made ready for the restore) is
 * not created again.
 */
async function restoreDump(dump: string, url: string, existingSchema: string | null): Promise<void> {
  const contents = await runPostgresTool('pg_restore', ['--list', dump], null);
  const isExistingSchema = (line: string) => existingSchema !== null && /^\d+; \d+ \d+ SCHEMA - (.+) \S+$/.exec(line)?.[1] === existingSchema;
  const scratch = await mkdtemp(path.join(tmpdir(), 'dateline-restore-'));
  try {
    const list = path.join(scratch, 'contents.list');
    await writeFile(
      list,
      contents
        .split('\n')
        .filter((line) => !isExistingSchema(line))
        .join('\n'),
    );
    await runPostgresTool('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--use-list=${list}`, dump], url);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function restorePostgres(dump: string, database: Extract<BackupDatabase, { kind: 'postgres' }>, schema: string): Promise<ContentCounts> {
  const target = await openBackupDatabase(database);
  try {
    const { seen, exists } = await schemaSeenOnceMade(target.db, schema);
    if (seen === null)
      throw new BackupError(
        `The backup's tables belong in schema "${schema}", but DATABASE_URL's search_path names no schema that exists; set it to "${schema}"`,
      );
    if (seen !== schema)
      throw new BackupError(
        `The backup's tables belong in schema "${schema}", but DATABASE_URL's connections would look in "${seen}"; set its search_path to "${schema}"`,
      );
    if (await hasDatelineTables(target.db, 'postgres'))
      throw new BackupError(`Schema "${schema}" of DATABASE_URL's database already has Dateline's tables; restore into an empty database`);
    await restoreDump(dump, database.url, exists ? schema : null);
    return await countContent(target.db);
  } finally {
    await target.close();
  }
}

async function countRestoredSqlite(database: BackupDatabase): Promise<ContentCounts> {
  const restored = await openBackupDatabase(database);
  try {
    return await countContent(restored.db);
  } finally {
    await restored.close();
  }
}

async function restoreDatabase(from: string, backedUp: BackupManifest['database'], database: BackupDatabase): Promise<ContentCounts> {
  const layout = backupLayout(from);
  if (backedUp.kind === 'postgres' && database.kind === 'postgres') return restorePostgres(layout.postgresDump, database, backedUp.schema);
  if (backedUp.kind === 'sqlite' && database.kind === 'sqlite') {
    await restoreSqlite(layout.sqlite, database.file);
    return countRestoredSqlite(database);
  }
  throw new BackupError(
    `${from} holds a ${databaseNames[backedUp.kind]} database, but the configuration names ${databaseNames[database.kind]} (see DATABASE_URL)`,
  );
}

/**
 * Restores a backup into the configured database and media folder, which must be empty: everything
 * is checked before anything is written. The database goes back first, then the media and the
secret; last, what
 * arrived is counted against the manifest, and any difference fails the restore.
 */
export async function restoreBackup({ from, database, dataDir }: { from: string; database: BackupDatabase; dataDir: string }): Promise<BackupManifest> {
  const manifest = await readBackupManifest(from);
  const mediaDir = mediaDirOf(dataDir);
  if ((await listFolder(mediaDir)).length > 0) throw new BackupError(`${mediaDir} already holds files; restore into an empty DATA_DIR`);
  const secretFile = secretFileOf(dataDir);
  const secret = manifest.hasSecret ? await checkSecretTarget(backupLayout(from).secret, secretFile) : null;
  const counts = await restoreDatabase(from, manifest.database, database);
  const mediaFiles = await copyMediaFolder(backupLayout(from).media, mediaDir);
  if (secret !== null) await writeFile(secretFile, secret, { mode: 0o600 });
  const differences = describeCountDifferences(manifest.counts, { ...counts, mediaFiles });
  if (differences.length > 0) throw new BackupError(`The restored copy does not match the backup's manifest: ${differences.join('; ')}`);
  return manifest;
}
