import { constants, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { mediaDirOf } from '../content/media-folder.ts';
import { BackupError } from './backup-error.ts';
import { hasDatelineTables, openBackupDatabase, type BackupDatabase } from './backup-database.ts';
import { backupLayout, copyMediaFolder, listFolder, syncFolder, syncToDisk } from './backup-folder.ts';
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
        const { rows } = await sql<{ snapshot: string; schema: string | null }>`select pg_export_snapshot() as snapshot, current_schema() as schema`.execute(
          trx,
        );
        const { snapshot, schema } = rows[0] ?? { snapshot: '', schema: null };
        if (schema === null) throw new BackupError('DATABASE_URL names no schema that exists (check its search_path)');
        if (!(await hasDatelineTables(trx, 'postgres')))
          throw new BackupError(`Schema "${schema}" of DATABASE_URL's database holds no Dateline database to back up`);
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
 * Copies the data folder's secret, which signs readers' cookies and links, so a restored site
 * honours them. One set in the environment (secretFile null) stays out: it is kept with the
 * operator's other secrets.
 */
async function copySecret(secretFile: string | null, to: string): Promise<boolean> {
  if (secretFile === null) return false;
  await copyFile(secretFile, to, constants.COPYFILE_EXCL);
  await chmod(to, 0o600);
  return true;
}

/**
 * Takes a consistent backup of a site that may be running and writing: the database as of one
 * moment, then the media folder and the secret, then manifest.json. Images are written before the rows that name
 * them, so every image the copied rows name is already on disk when the media is copied after.
 * Everything is written into `<to>.partial`, renamed to `<to>` once complete, so a half-written
 * backup never looks like one, and only once the disk has it all.
 */
export async function takeBackup({
  database,
  dataDir,
  secretFile,
  to,
  now,
}: {
  database: BackupDatabase;
  dataDir: string;
  /** The data folder's secret file, or null when SECRET is set in the environment. */
  secretFile: string | null;
  to: string;
  now: Date;
}): Promise<BackupManifest> {
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
    const mediaFiles = await copyMediaFolder(mediaDirOf(dataDir), layout.media);
    const hasSecret = await copySecret(secretFile, layout.secret);
    const manifest = await writeBackupManifest(partial, {
      createdAt: now.toISOString(),
      database: copy.database,
      counts: { ...copy.counts, mediaFiles },
      hasSecret,
    });
    await syncFolder(partial);
    await rename(partial, to);
    await syncToDisk(path.dirname(to));
    return manifest;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
