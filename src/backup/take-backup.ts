import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { BackupError } from './backup-error.ts';
import { hasDatelineTables, openBackupDatabase, type BackupDatabase } from './backup-database.ts';
import { backupLayout, copyMediaFolder, listFolder } from './backup-folder.ts';
import { writeBackupManifest, type BackupManifest } from './backup-manifest.ts';
import { countContent, type ContentCounts } from './content-counts.ts';
import { literalPattern, runPostgresTool } from './postgres-tools.ts';

type DatabaseCopy = { counts: ContentCounts; database: BackupManifest['database'] };

// More pages than any database has: the whole copy is one step (see copySqlite).
const everyPage = 2 ** 31 - 1;

/**
 * Copies the SQLite database with SQLite's online backup, then counts what the copy holds. One step
 * copies every page under a single read transaction, a snapshot that writers (in WAL mode) never
 * wait for; in smaller steps, any write from another connection restarts the copy, which under
 * steady writes might never finish.
 */
async function copySqlite(file: string, copy: string): Promise<DatabaseCopy> {
  if (!existsSync(file)) throw new BackupError(`There is no database at ${file} to back up; check DATA_DIR`);
  const source = new DatabaseSync(file, { readOnly: true, timeout: 5000 });
  try {
    await backup(source, copy, { rate: everyPage });
  } finally {
    source.close();
  }
  const copied = await openDatabase({ kind: 'sqlite', file: copy });
  try {
    if (!(await hasDatelineTables(copied.db, 'sqlite'))) throw new BackupError(`${file} holds no Dateline database to back up`);
    return { counts: await countContent(copied.db), database: { kind: 'sqlite' } };
  } finally {
    await copied.close();
  }
}

/**
 * Dumps the PostgreSQL database with pg_dump, in its custom format. pg_dump reads the snapshot that
 * our transaction exports, so the dump and the counts taken here see the same moment. The default
 * schema is dumped with the whole database; any other schema alone, as the database may hold others.
 */
async function dumpPostgres(database: Extract<BackupDatabase, { kind: 'postgres' }>, dump: string): Promise<DatabaseCopy> {
  const source = await openBackupDatabase(database);
  try {
    return await source.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ snapshot: string; schema: string | null }>`select pg_export_snapshot() as snapshot, current_schema() as schema`.execute(trx);
        const { snapshot, schema } = rows[0] ?? { snapshot: '', schema: null };
        if (schema === null) throw new BackupError('DATABASE_URL names no schema that exists (check its search_path)');
        if (!(await hasDatelineTables(trx, 'postgres'))) throw new BackupError(`Schema "${schema}" of DATABASE_URL's database holds no Dateline database to back up`);
        const counts = await countContent(trx);
        const onlySchema = schema === 'public' ? [] : [`--schema=${literalPattern(schema)}`];
        await runPostgresTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${dump}`, ...onlySchema], database.url);
        return { counts, database: { kind: 'postgres', schema } };
      });
  } finally {
    await source.close();
  }
}

/**
 * Takes a consistent backup of a site that may be running and writing: the database as of one
 * moment, then the media folder, then manifest.json. Images are written before the rows that name
 * them, so every image the copied rows name is already on disk when the media is copied after.
 * Everything is written into `<to>.partial`, renamed to `<to>` once complete, so a half-written
 * backup never looks like one.
 */
export async function takeBackup({ database, mediaDir, to, now }: { database: BackupDatabase; mediaDir: string; to: string; now: Date }): Promise<BackupManifest> {
  if ((await listFolder(to)).length > 0) throw new BackupError(`${to} already exists and is not empty; give the backup a new folder`);
  const partial = `${to}.partial`;
  await mkdir(path.dirname(to), { recursive: true });
  try {
    // Readers' addresses and password hashes are in it: for the operator's eyes only, as the secret is.
    await mkdir(partial, { mode: 0o700 });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    throw new BackupError(`${partial} already exists: another backup is being written there, or one was cut short; remove it and try again`);
  }
  try {
    const layout = backupLayout(partial);
    const copy = database.kind === 'sqlite' ? await copySqlite(database.file, layout.sqlite) : await dumpPostgres(database, layout.postgresDump);
    const mediaFiles = await copyMediaFolder(mediaDir, layout.media);
    const manifest = await writeBackupManifest(partial, { createdAt: now.toISOString(), database: copy.database, counts: { ...copy.counts, mediaFiles } });
    await rename(partial, to);
    return manifest;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
