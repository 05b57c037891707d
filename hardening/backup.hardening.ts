import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { backupSourceOf, cliEnvironment, openRestoreTarget, runCli, temporaryFolder } from '../test/backup-fixtures.ts';
import type { BackupDatabase } from '../src/backup/backup-database.ts';
import { readBackupManifest } from '../src/backup/backup-manifest.ts';
import { saveArticle } from '../src/content/save-article.ts';
import { openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { loadDemoPublication } from '../src/demo/load-demo.ts';
import { mediaDirOf } from '../src/content/media-folder.ts';
import { demoSections } from '../src/demo/publication.ts';
import { buildTestApp } from '../test/app.ts';
import { openTestDatabase } from '../test/database.ts';
import { signedInCookie } from '../test/readers.ts';
import { recordFigure } from './figures.ts';

/**
 * A backup of a running site, taken by `npm run dateline -- backup` in a process of its own while the
 * newsroom saves articles and registered readers' reads are recorded on their meters, restores by
 * `npm run dateline -- restore` into a brand-new data folder (and, on PostgreSQL, a new database)
 * from which the restored site serves the same pages, byte for byte; and every write acknowledged
 * before the backup began is in it.
 */

/**
 * The site as an operator configures it: DATA_DIR holding the SQLite database, or on the PostgreSQL
 * pass this file's own schema, which the command line reaches through DATABASE_URL's search path.
 */
async function openSite(): Promise<{ database: OpenDatabase & { dataDir: string }; source: BackupDatabase }> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await openTestDatabase();
    return { database, source: await backupSourceOf(database) };
  }
  const dataDir = temporaryFolder('site');
  const file = path.join(dataDir, 'dateline.sqlite');
  const database = await openDatabase({ kind: 'sqlite', file });
  after(() => database.close());
  await migrateToLatest(database.db, database.dialect);
  return { database: { ...database, dataDir }, source: { kind: 'sqlite', file } };
}

// One clock for both sites: pages show times relative to now.
const now = new Date('2026-11-20T17:00:00Z');
const { database, source } = await openSite();
const mediaDir = mediaDirOf(database.dataDir);
await loadDemoPublication(database.db, { mediaDir, now });
const app = await buildTestApp(database, { now: () => now });
after(() => app.close());

const articleUrl = (article: (typeof demoArticles)[number]) => `/${article.section}/${article.slug}`;
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Everything a reader can fetch that a backup must bring back: the front, every section, every article, authors, feeds and images. */
function pagesToCompare(): string[] {
  const images = readdirSync(mediaDir).filter((file) => file.endsWith('-480.jpg') || file.endsWith('-1600.webp'));
  return [
    '/',
    ...demoSections.map((section) => `/${section.slug}`),
    ...demoArticles.map(articleUrl),
    '/authors/amara-okafor',
    '/search?q=harbour',
    '/feed.xml',
    '/atom.xml',
    '/feed.json',
    '/world/feed.xml',
    '/api/v1/articles',
    '/sitemap.xml',
    '/sitemaps/pages.xml',
    ...images.map((file) => `/media/${file}`),
  ];
}

describe('a backup taken while the site is being written to', () => {
  it('restores into a new data folder that serves the same site, with every write acknowledged before it began', { timeout: 180_000 }, async () => {
    const section = await database.db.selectFrom('sections').select('id').orderBy('position').executeTakeFirstOrThrow();
    const author = await database.db.selectFrom('authors').select('id').orderBy('id').executeTakeFirstOrThrow();
    const metered = await database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select(['articles.id', 'articles.slug', 'sections.slug as section'])
      .where('articles.access_level', '=', 'metered')
      .execute();
    assert.ok(metered.length >= 3, 'the demo has metered articles to read');

    // The writers: the newsroom saving drafts, and registered readers whose reads go on their meters.
    const savedDrafts: string[] = [];
    const recordedReads: { accountId: number; articleId: number }[] = [];
    let isWriting = true;
    const saveDrafts = async () => {
      for (let index = 0; isWriting; index += 1) {
        const slug = `draft-during-backup-${index}`;
        await saveArticle(
          database.db,
          {
            slug,
            sectionId: section.id,
            headline: `A draft saved while the backup ran, number ${index}`,
            standfirst: 'Not for readers yet.',
            dateline: 'London',
            authorIds: [author.id],
            bodyMarkdown: 'First paragraph.\n\nSecond paragraph.',
            leadImage: null,
            access: 'metered',
            previewBlockCount: 1,
            status: 'draft',
            sponsorId: null,
            publishedAt: null,
          },
          now,
        );
        savedDrafts.push(slug);
        await yieldToEventLoop();
      }
    };
    const readOnTheMeter = async (offset: number) => {
      for (let index = offset; isWriting; index += 1) {
        const article = metered[index % metered.length];
        if (!article) throw new Error('no metered article');
        const { accountId, cookie } = await signedInCookie(database.db, 'reader', now);
        const page = await app.inject({ method: 'GET', url: `/${article.section}/${article.slug}`, headers: { cookie } });
        assert.equal(page.statusCode, 200);
        recordedReads.push({ accountId, articleId: article.id });
        await yieldToEventLoop();
      }
    };
    // A writer that fails stops the others, so the check ends with its error rather than writing on.
    let writerFailure: unknown = null;
    const stopAllOnFailure = (writing: Promise<void>) =>
      writing.catch((error: unknown) => {
        writerFailure ??= error;
        isWriting = false;
      });
    const writers = Promise.all([saveDrafts(), readOnTheMeter(0), readOnTheMeter(1), readOnTheMeter(2)].map(stopAllOnFailure));
    while (isWriting && (savedDrafts.length < 5 || recordedReads.length < 5)) await new Promise((resolve) => setTimeout(resolve, 5));
    if (writerFailure !== null) {
      await writers;
      throw writerFailure;
    }

    // The backup's process starts after these were acknowledged, so they were before it began.
    const acknowledgedDrafts = [...savedDrafts];
    const acknowledgedReads = [...recordedReads];
    const folder = path.join(temporaryFolder('backups'), 'during-writes');
    const backup = await runCli(['backup', folder], cliEnvironment(database.dataDir, source)).finally(() => (isWriting = false));
    await writers;
    if (writerFailure !== null) throw writerFailure;
    assert.equal(backup.stderr, '');
    assert.equal(backup.code, 0);
    assert.ok(
      savedDrafts.length > acknowledgedDrafts.length && recordedReads.length > acknowledgedReads.length,
      'the writes went on while the backup was taken',
    );
    const manifest = await readBackupManifest(folder);

    const target = await openRestoreTarget(source);
    const restore = await runCli(['restore', folder], target.env);
    assert.equal(restore.stderr, '');
    assert.equal(restore.code, 0);
    const restored = await target.open();
    const restoredApp = await buildTestApp(restored, { now: () => now });
    after(() => restoredApp.close());

    const restoredDrafts = (await restored.db.selectFrom('articles').select('slug').where('slug', 'like', 'draft-during-backup-%').orderBy('id').execute()).map(
      (row) => row.slug,
    );
    for (const slug of acknowledgedDrafts) assert.ok(restoredDrafts.includes(slug), `the draft ${slug}, saved before the backup began, is restored`);
    // A copy of one moment: the drafts it holds are the first ones saved, none missing between.
    assert.deepEqual(restoredDrafts, savedDrafts.slice(0, restoredDrafts.length));
    const restoredReads = await restored.db.selectFrom('meter_reads').select(['account_id', 'article_id']).execute();
    const hasRead = (read: { accountId: number; articleId: number }) =>
      restoredReads.some((row) => row.account_id === read.accountId && row.article_id === read.articleId);
    for (const read of acknowledgedReads)
      assert.ok(hasRead(read), `the read of article ${read.articleId} by account ${read.accountId}, recorded before the backup began, is restored`);
    assert.equal(manifest.counts.articles, demoArticles.length + restoredDrafts.length);

    let compared = 0;
    for (const url of pagesToCompare()) {
      const original = await app.inject({ method: 'GET', url });
      const copy = await restoredApp.inject({ method: 'GET', url });
      assert.equal(original.statusCode, 200, url);
      assert.equal(copy.statusCode, original.statusCode, url);
      assert.equal(copy.headers['content-type'], original.headers['content-type'], url);
      assert.ok(copy.rawPayload.equals(original.rawPayload), `${url} is served the same from the restored site`);
      compared += 1;
    }
    recordFigure('Backups', 'backups restored and compared', 1);
    recordFigure('Backups', 'pages compared', compared);
  });
});
