import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { secretFileOf } from '../config/config.ts';
import { mediaDirOf } from '../content/media-folder.ts';
import { openTestDatabase } from '../../test/database.ts';
import { BackupError } from './backup-error.ts';
import { backupSourceOf, seedBackupSite, temporaryFolder } from '../../test/backup-fixtures.ts';
import { readBackupManifest } from './backup-manifest.ts';
import { takeBackup } from './take-backup.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
await seedBackupSite(database, now);
const source = await backupSourceOf(database);
const mediaDir = mediaDirOf(database.dataDir);
const backups = temporaryFolder('backups');
const databaseFile = database.dialect === 'sqlite' ? 'dateline.sqlite' : 'dateline.dump';

describe('taking a backup', () => {
  it('writes the database, a copy of the media and a manifest counting what the copy holds', async () => {
    const to = path.join(backups, 'complete');
    const manifest = await takeBackup({ database: source, dataDir: database.dataDir, secretFile: null, to, now });

    // The fixture's lead image, narrower than every rendition width: one file in each of AVIF, WebP and JPEG.
    assert.deepEqual(manifest.counts, { articles: 2, accounts: 1, subscriptions: 1, mediaFiles: 3 });
    assert.equal(manifest.createdAt, now.toISOString());
    assert.deepEqual(manifest.database, source.kind === 'sqlite' ? { kind: 'sqlite' } : { kind: 'postgres', schema: source.schema });
    assert.deepEqual(await readBackupManifest(to), manifest);
    assert.deepEqual(readdirSync(to).sort(), [databaseFile, 'manifest.json', 'media']);
    assert.ok(readFileSync(path.join(to, databaseFile)).length > 0);
    for (const image of readdirSync(mediaDir)) {
      assert.deepEqual(readFileSync(path.join(to, 'media', image)), readFileSync(path.join(mediaDir, image)), image);
    }
    assert.equal(existsSync(`${to}.partial`), false);
    assert.equal(statSync(to).mode & 0o777, 0o700, 'only the operator may read it');
    assert.equal(manifest.hasSecret, false, 'SECRET comes from the environment');
  });

  it("carries the data folder's secret, for the operator's eyes only", async () => {
    const secretFile = secretFileOf(database.dataDir);
    writeFileSync(secretFile, 'a-secret-kept-in-the-data-folder-for-the-site\n', { mode: 0o600 });
    try {
      const to = path.join(backups, 'with-secret');
      const manifest = await takeBackup({ database: source, dataDir: database.dataDir, secretFile, to, now });
      assert.equal(manifest.hasSecret, true);
      assert.equal(readFileSync(path.join(to, 'secret'), 'utf8'), 'a-secret-kept-in-the-data-folder-for-the-site\n');
      assert.equal(statSync(path.join(to, 'secret')).mode & 0o777, 0o600);
    } finally {
      rmSync(secretFile);
    }
  });

  it('writes into a folder that exists but is empty', async () => {
    const to = path.join(backups, 'made-ready');
    mkdirSync(to);
    await takeBackup({ database: source, dataDir: database.dataDir, secretFile: null, to, now });
    assert.ok(readdirSync(to).includes('manifest.json'));
  });

  it('refuses a folder that already holds something, in one line, and leaves it as it was', async () => {
    const to = path.join(backups, 'occupied');
    mkdirSync(to);
    writeFileSync(path.join(to, 'notes.txt'), 'last week');
    await assert.rejects(takeBackup({ database: source, dataDir: database.dataDir, secretFile: null, to, now }), (error: unknown) => {
      assert.ok(error instanceof BackupError);
      assert.equal(error.message, `${to} already exists and is not empty; give the backup a new folder`);
      return true;
    });
    assert.deepEqual(readdirSync(to), ['notes.txt']);
    assert.equal(existsSync(`${to}.partial`), false);
  });

  it('refuses while <dir>.partial exists, since another backup may be writing there', async () => {
    const to = path.join(backups, 'in-progress');
    mkdirSync(`${to}.partial`);
    await assert.rejects(
      takeBackup({ database: source, dataDir: database.dataDir, secretFile: null, to, now }),
      /in-progress\.partial already exists: another backup is being written there, or one was cut short/,
    );
    assert.equal(existsSync(to), false);
    assert.deepEqual(readdirSync(`${to}.partial`), []);
  });

  it('leaves out images that are still being written', async () => {
    const unfinished = path.join(mediaDir, 'upload-480.jpg.partial');
    writeFileSync(unfinished, 'half an image');
    try {
      const to = path.join(backups, 'while-uploading');
      const manifest = await takeBackup({ database: source, dataDir: database.dataDir, secretFile: null, to, now });
      assert.equal(manifest.counts.mediaFiles, 3);
      assert.equal(existsSync(path.join(to, 'media', 'upload-480.jpg.partial')), false);
    } finally {
      rmSync(unfinished);
    }
  });

  it('leaves nothing behind, complete or partial, when it fails part-way', async () => {
    const to = path.join(backups, 'failed');
    const brokenDataDir = path.join(backups, 'media-is-a-file');
    mkdirSync(brokenDataDir);
    writeFileSync(mediaDirOf(brokenDataDir), '');
    await assert.rejects(takeBackup({ database: source, dataDir: brokenDataDir, secretFile: null, to, now }), BackupError);
    assert.equal(existsSync(to), false);
    assert.equal(existsSync(`${to}.partial`), false);
  });

  it('refuses, without creating one, a SQLite database that does not exist', { skip: database.dialect !== 'sqlite' }, async () => {
    const missing = path.join(backups, 'nowhere', 'dateline.sqlite');
    const to = path.join(backups, 'of-nothing');
    await assert.rejects(takeBackup({ database: { kind: 'sqlite', file: missing }, dataDir: database.dataDir, secretFile: null, to, now }), {
      name: 'BackupError',
      message: `There is no database at ${missing} to back up; check DATA_DIR`,
    });
    assert.equal(existsSync(missing), false);
    assert.equal(existsSync(`${to}.partial`), false);
  });
});
