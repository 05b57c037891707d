import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { secretFileOf } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { mediaDirOf } from '../content/media-folder.ts';
import { addArticle } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { BackupError } from './backup-error.ts';
import { hasDatelineTables } from './backup-database.ts';
import { backupSourceOf, openRestoreTarget, seedBackupSite, temporaryFolder } from '../../test/backup-fixtures.ts';
import { countContent } from './content-counts.ts';
import { restoreBackup } from './restore-backup.ts';
import { takeBackup } from './take-backup.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedBackupSite(database, now);
const source = await backupSourceOf(database);
const mediaDir = mediaDirOf(database.dataDir);
const backups = temporaryFolder('backups');

let backupCount = 0;
async function backUpSource(secretFile: string | null = null) {
  backupCount += 1;
  const folder = path.join(backups, `backup-${backupCount}`);
  const manifest = await takeBackup({ database: source, dataDir: database.dataDir, secretFile, to: folder, now });
  return { folder, manifest };
}

async function tablesOf(db: Database) {
  return {
    articles: await db.selectFrom('articles').selectAll().orderBy('id').execute(),
    accounts: await db.selectFrom('accounts').selectAll().orderBy('id').execute(),
    subscriptions: await db.selectFrom('subscriptions').selectAll().orderBy('id').execute(),
    sections: await db.selectFrom('sections').selectAll().orderBy('id').execute(),
  };
}

/** The one-line refusal a restore should end with. */
const refusal = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof BackupError, `expected a BackupError, got ${String(error)}`);
  assert.match(error.message, pattern);
  assert.doesNotMatch(error.message, /\n/);
  return true;
};

describe('restoring a backup', () => {
  it('puts the database and the media back into an empty data folder, as they were', async () => {
    const { folder, manifest } = await backUpSource();
    const target = await openRestoreTarget(source);

    assert.deepEqual(await restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir }), manifest);

    const restored = await target.open();
    assert.deepEqual(await tablesOf(restored.db), await tablesOf(database.db));
    const images = readdirSync(mediaDir).sort();
    assert.deepEqual(readdirSync(target.mediaDir).sort(), images);
    for (const image of images) assert.deepEqual(readFileSync(path.join(target.mediaDir, image)), readFileSync(path.join(mediaDir, image)), image);
  });

  it('holds every article saved before the backup began, though more were being saved meanwhile', { timeout: 60_000 }, async () => {
    const saved: string[] = [];
    let isBackingUp = true;
    const writer = (async () => {
      for (let index = 0; isBackingUp || saved.length < 10; index += 1) {
        const slug = `saved-while-backing-up-${index}`;
        await addArticle(database.db, seeded, { slug }, now);
        saved.push(slug);
        // As a server's requests do, each save leaves the event loop free to finish the backup's own work.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (saved.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const acknowledged = [...saved];
    const { folder } = await backUpSource().finally(() => (isBackingUp = false));
    await writer;

    const target = await openRestoreTarget(source);
    await restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir });
    const restored = await target.open();
    const rows = await restored.db.selectFrom('articles').select('slug').where('slug', 'like', 'saved-while-backing-up-%').orderBy('id').execute();
    const restoredSlugs = rows.map((row) => row.slug);
    for (const slug of acknowledged) assert.ok(restoredSlugs.includes(slug), `${slug} was saved before the backup began`);
    // One moment's copy: the saves it holds are the first ones, with none missing in between.
    assert.deepEqual(restoredSlugs, saved.slice(0, restoredSlugs.length));
  });

  it('refuses, in one line, a database that already has content, and changes nothing', async () => {
    const { folder } = await backUpSource();
    const before = await countContent(database.db);
    await assert.rejects(
      restoreBackup({ from: folder, database: source, dataDir: temporaryFolder('data') }),
      refusal(
        source.kind === 'sqlite'
          ? /already holds a database; restore into an empty DATA_DIR$/
          : /already has Dateline's tables; restore into an empty database$/,
      ),
    );
    assert.deepEqual(await countContent(database.db), before);
  });

  it('refuses a media folder that already holds files, before touching the database', async () => {
    const { folder } = await backUpSource();
    const target = await openRestoreTarget(source);
    mkdirSync(target.mediaDir);
    writeFileSync(path.join(target.mediaDir, 'someone-elses.jpg'), 'an image');
    await assert.rejects(
      restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir }),
      refusal(/media already holds files; restore into an empty DATA_DIR$/),
    );
    assert.deepEqual(readdirSync(target.dataDir), ['media']);
  });

  it("brings back the data folder's secret, so readers' signed cookies and links still hold", async () => {
    const secretFile = secretFileOf(database.dataDir);
    writeFileSync(secretFile, 'the-secret-the-site-signs-with-0123456789\n', { mode: 0o600 });
    const { folder } = await backUpSource(secretFile).finally(() => rmSync(secretFile));
    const target = await openRestoreTarget(source);
    await restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir });
    assert.equal(readFileSync(secretFileOf(target.dataDir), 'utf8'), 'the-secret-the-site-signs-with-0123456789\n');
    assert.equal(statSync(secretFileOf(target.dataDir)).mode & 0o777, 0o600);
  });

  it('refuses a data folder that keeps another secret, before touching the database', async () => {
    const secretFile = secretFileOf(database.dataDir);
    writeFileSync(secretFile, 'the-secret-the-site-signs-with-0123456789\n');
    const { folder } = await backUpSource(secretFile).finally(() => rmSync(secretFile));
    const target = await openRestoreTarget(source);
    writeFileSync(secretFileOf(target.dataDir), 'a-secret-of-a-different-site-9876543210\n');
    await assert.rejects(
      restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir }),
      refusal(/secret holds a secret other than the backup's; remove it/),
    );
    assert.deepEqual(readdirSync(target.dataDir), ['secret']);
    const restored = await target.open();
    assert.equal(await hasDatelineTables(restored.db, restored.dialect), false);
  });

  it('refuses a folder that is not a complete backup', async () => {
    const target = await openRestoreTarget(source);
    const halfWritten = path.join(backups, 'cut-short');
    cpSync(path.join((await backUpSource()).folder, 'media'), path.join(halfWritten, 'media'), { recursive: true });
    await assert.rejects(
      restoreBackup({ from: halfWritten, database: target.database, dataDir: target.dataDir }),
      refusal(/cut-short is not a Dateline backup: it has no manifest\.json/),
    );
    await assert.rejects(
      restoreBackup({ from: path.join(backups, 'never-made'), database: target.database, dataDir: target.dataDir }),
      refusal(/never-made is not a Dateline backup/),
    );
  });

  it('refuses a backup of the other kind of database', async () => {
    const { folder } = await backUpSource();
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      path.join(folder, 'manifest.json'),
      JSON.stringify({ ...manifest, database: source.kind === 'sqlite' ? { kind: 'postgres', schema: 'public' } : { kind: 'sqlite' } }),
    );
    const target = await openRestoreTarget(source);
    const expected =
      source.kind === 'sqlite'
        ? /holds a PostgreSQL database, but the configuration names SQLite/
        : /holds a SQLite database, but the configuration names PostgreSQL/;
    await assert.rejects(restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir }), refusal(expected));
  });

  it('fails loudly when what arrived differs from the manifest', async () => {
    const { folder, manifest } = await backUpSource();
    const file = path.join(folder, 'manifest.json');
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      file,
      JSON.stringify({ ...written, counts: { ...manifest.counts, articles: manifest.counts.articles + 1, mediaFiles: manifest.counts.mediaFiles + 2 } }),
    );
    const target = await openRestoreTarget(source);
    await assert.rejects(
      restoreBackup({ from: folder, database: target.database, dataDir: target.dataDir }),
      refusal(
        new RegExp(
          `^The restored copy does not match the backup's manifest: ${manifest.counts.articles} articles where the backup had ${manifest.counts.articles + 1}; ` +
            `${manifest.counts.mediaFiles} media files where the backup had ${manifest.counts.mediaFiles + 2}$`,
        ),
      ),
    );
  });

  it("refuses a PostgreSQL target whose connections would not look in the backup's schema", { skip: source.kind !== 'postgres' }, async () => {
    const { folder } = await backUpSource();
    const target = await openRestoreTarget(source);
    if (target.database.kind !== 'postgres') throw new Error('a PostgreSQL target was expected');
    const elsewhere = { ...target.database, schema: 'elsewhere' };
    await assert.rejects(
      restoreBackup({ from: folder, database: elsewhere, dataDir: target.dataDir }),
      refusal(
        /^The backup's tables belong in schema "test_[0-9a-f]+", but DATABASE_URL's search_path names no schema that exists; set it to "test_[0-9a-f]+"$/,
      ),
    );
  });
});
