import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { secretFileOf } from '../config/config.ts';
import { openDatabase, type OpenDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createEmptyPostgresDatabase, runCli, seedBackupSite, temporaryFolder } from '../../test/backup-fixtures.ts';
import { countContent } from './content-counts.ts';

/**
 * A data folder and, on the PostgreSQL pass, a database of its own, configured as an operator would:
 * DATA_DIR and DATABASE_URL, with Dateline's tables in the default schema.
 */
async function newDataFolder(name: string): Promise<{ env: Record<string, string>; open: () => Promise<OpenDatabase & { dataDir: string }> }> {
  const dataDir = path.join(temporaryFolder(name), 'data');
  mkdirSync(dataDir);
  const url = process.env.TEST_DATABASE_URL;
  const database = url ? await createEmptyPostgresDatabase(url) : null;
  const opened: OpenDatabase[] = [];
  after(async () => {
    for (const each of opened) await each.close();
    await database?.drop();
  });
  const open = async () => {
    const each = await openDatabase(database ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') });
    opened.push(each);
    return { ...each, dataDir };
  };
  return { env: { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) }, open };
}

const now = new Date('2026-11-20T17:00:00Z');
const site = await newDataFolder('site');
const siteDatabase = await site.open();
await migrateToLatest(siteDatabase.db, siteDatabase.dialect);
await seedBackupSite(siteDatabase, now);
const backups = temporaryFolder('backups');

describe('npm run dateline -- backup and restore', () => {
  it('backs up the configured site and restores it into a new data folder, with the same content', async () => {
    const folder = path.join(backups, 'nightly');
    const backup = await runCli(['backup', folder], site.env);
    assert.equal(backup.stderr, '');
    assert.equal(backup.stdout, `Backed up 2 articles, 1 account, 1 subscription and 3 media files into ${folder}.\n`);
    assert.equal(backup.code, 0);

    const restoredSite = await newDataFolder('restored');
    const restore = await runCli(['restore', folder], restoredSite.env);
    assert.equal(restore.stderr, '');
    assert.match(
      restore.stdout,
      /^Restored the backup of \d{4}-\d\d-\d\dT[\d:.]+Z: 2 articles, 1 account, 1 subscription and 3 media files, as its manifest says\.\n$/,
    );
    assert.equal(restore.code, 0);

    const restored = await restoredSite.open();
    assert.deepEqual(await countContent(restored.db), await countContent(siteDatabase.db));
    const slugs = (db: OpenDatabase['db']) => db.selectFrom('articles').select(['slug', 'headline']).orderBy('slug').execute();
    assert.deepEqual(await slugs(restored.db), await slugs(siteDatabase.db));
    assert.deepEqual(readdirSync(path.join(restored.dataDir, 'media')).sort(), readdirSync(path.join(siteDatabase.dataDir, 'media')).sort());
    assert.equal(
      readFileSync(secretFileOf(restored.dataDir), 'utf8'),
      readFileSync(secretFileOf(siteDatabase.dataDir), 'utf8'),
      'the secret the site signs with',
    );
  });

  it('says so when the secret comes from the environment and so is not in the backup', async () => {
    const folder = path.join(backups, 'secret-elsewhere');
    const backup = await runCli(['backup', folder], { ...site.env, SECRET: 'a-secret-from-the-environment-0123456789' });
    assert.equal(backup.code, 0);
    assert.match(backup.stdout, /\nSECRET comes from the environment, so it is not in the backup: keep it with your other secrets\.\n$/);
  });

  it('refuses, in one line, to write into a folder that is not empty', async () => {
    const folder = path.join(backups, 'twice');
    assert.equal((await runCli(['backup', folder], site.env)).code, 0);
    const again = await runCli(['backup', folder], site.env);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `dateline: ${folder} already exists and is not empty; give the backup a new folder\n`);
  });

  it('refuses, in one line, to restore over a site that has content', async () => {
    const folder = path.join(backups, 'over-itself');
    assert.equal((await runCli(['backup', folder], site.env)).code, 0);
    const restore = await runCli(['restore', folder], site.env);
    assert.equal(restore.code, 1);
    assert.match(restore.stderr, /^dateline: \S+ already holds files; restore into an empty DATA_DIR\n$/);
  });

  it('takes exactly one folder', async () => {
    for (const args of [['backup'], ['restore', 'one', 'two'], ['backup', 'one', '--role', 'editor']]) {
      const run = await runCli(args, site.env);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^dateline: (backup|restore) takes one argument, the backup's folder\n\nUsage:/);
    }
  });
});
