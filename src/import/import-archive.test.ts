import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { countArticles, findPublishedArticle } from '../content/article-repository.ts';
import { searchArticles } from '../search/search-articles.ts';
import { parseSearchQuery } from '../search/search-query.ts';
import { writeAccessSettings } from '../settings/access-settings-repository.ts';
import { readContentVersion } from '../settings/content-version.ts';
import { archiveFile, type ArchiveLine } from './archive-file.ts';
import { importArchive, type ImportProgress } from './import-archive.ts';
import { ImportError } from './import-error.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect, dataDir } = await openTestDatabase();
await seedPublication(db, now);
await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 1 }, now);

let files = 0;
/** An archive file of these lines (objects as JSON, strings as they are). */
function archiveOf(lines: readonly (Record<string, unknown> | string)[]): string {
  files += 1;
  const file = path.join(dataDir, `archive-${files}.jsonl`);
  writeFileSync(file, `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`);
  return file;
}

const story = (slug: string, fields: Record<string, unknown> = {}) => ({
  section: 'world',
  slug,
  headline: `Archive story ${slug}`,
  standfirst: `From the archive: ${slug}.`,
  dateline: 'Vienna',
  authors: ['Ada Reporter'],
  body: `The first paragraph of ${slug}.\n\nThe second paragraph.\n\nThe third paragraph.`,
  publishedAt: '2011-05-02T08:00:00Z',
  ...fields,
});

async function importFile(file: string, batchSize = 50) {
  const progress: ImportProgress[] = [];
  const outcome = await importArchive(db, { archive: archiveFile(file), now, batchSize, onProgress: (step) => progress.push(step) });
  return { outcome, progress };
}

const countAuthors = async () =>
  Number(
    (
      await db
        .selectFrom('authors')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );

describe(`importing an archive (${dialect})`, () => {
  it('writes every article through the newsroom’s save, a batch per transaction, and tells of each batch once committed', async () => {
    const versionBefore = await readContentVersion(db);
    const file = archiveOf([
      story('harbour-strike', { authors: ['Ada Reporter', 'ben-critic'], access: 'premium', previewBlockCount: 2 }),
      story('river-floods', { authors: ['Old Hand'], dateline: 'Linz' }),
      story('night-train', { section: 'culture', authors: ['old hand'] }),
      story('unfinished-draft', { publishedAt: undefined, status: 'draft' }),
      story('tomorrows-story', { publishedAt: '2026-11-21T06:00:00Z' }),
    ]);
    const { outcome, progress } = await importFile(file, 2);
    assert.deepEqual(outcome, { kind: 'imported', total: 5, written: 5, skipped: 0 });
    assert.deepEqual(progress, [
      { done: 2, total: 5, skipped: 0 },
      { done: 4, total: 5, skipped: 0 },
      { done: 5, total: 5, skipped: 0 },
    ]);

    const strike = await findPublishedArticle(db, 'harbour-strike', now);
    assert.ok(strike, 'a published article is on the site');
    assert.equal(strike.section.slug, 'world');
    assert.deepEqual(
      strike.authors.map((author) => author.slug),
      ['ada-reporter', 'ben-critic'],
      'the site’s authors, by name and by slug',
    );
    assert.deepEqual(
      strike.body.map((block) => block.html),
      ['<p>The first paragraph of harbour-strike.</p>', '<p>The second paragraph.</p>', '<p>The third paragraph.</p>'],
    );
    assert.equal(strike.access, 'premium');
    assert.equal(strike.previewBlockCount, 2);
    assert.deepEqual(strike.publishedAt, new Date('2011-05-02T08:00:00Z'));

    const floods = await findPublishedArticle(db, 'river-floods', now);
    assert.equal(floods?.access, 'metered', 'metered unless the archive says otherwise');
    assert.equal(floods?.previewBlockCount, 1, 'the publication’s preview length unless the archive says otherwise');
    const train = await findPublishedArticle(db, 'night-train', now);
    assert.deepEqual(
      [floods?.authors[0]?.name, train?.authors[0]?.name],
      ['Old Hand', 'Old Hand'],
      'a byline the site lacks makes one author, found again by the same name',
    );
    assert.equal((await db.selectFrom('authors').select('bio').where('slug', '=', 'old-hand').execute()).length, 1);

    const statuses = await db
      .selectFrom('articles')
      .select(['slug', 'status'])
      .where('slug', 'in', ['unfinished-draft', 'tomorrows-story'])
      .orderBy('slug')
      .execute();
    assert.deepEqual(
      statuses.map(({ slug, status }) => [slug, status]),
      [
        ['tomorrows-story', 'scheduled'],
        ['unfinished-draft', 'draft'],
      ],
    );

    const query = parseSearchQuery('harbour strike');
    assert.ok(query);
    const found = await searchArticles(db, dialect, { query, scope: 'whole-text', now, limit: 10, offset: 0 });
    assert.deepEqual(
      found.hits.map((hit) => hit.articleId),
      [strike.id],
      'indexed for search as it was saved',
    );
    assert.ok((await readContentVersion(db)) > versionBefore, 'a running server sees the new articles');
  });

  it('imports nothing from a file with a bad line, and names every problem by line and field', async () => {
    const [articlesBefore, authorsBefore] = [await countArticles(db), await countAuthors()];
    const file = archiveOf([
      story('good-one', { authors: ['Someone New'] }),
      '{"section": "world", "slug": ',
      story('match-report', { section: 'sport' }),
      story('good-one'),
      story('harbour-strike', { section: 'culture' }),
      story('no-byline', { authors: [], previewBlockCount: -1 }),
    ]);
    const { outcome, progress } = await importFile(file);
    assert.equal(outcome.kind, 'refused');
    assert.ok(outcome.kind === 'refused');
    assert.equal(outcome.total, 6);
    assert.deepEqual(
      outcome.problems.map(({ line, field }) => [line, field]),
      [
        [2, null],
        [3, 'section'],
        [4, 'slug'],
        [5, 'slug'],
        [6, 'previewBlockCount'],
      ],
    );
    assert.match(outcome.problems[1]?.message ?? '', /there is no section "sport" \(the sections are world, culture\)/);
    assert.deepEqual(progress, []);
    assert.deepEqual([await countArticles(db), await countAuthors()], [articlesBefore, authorsBefore], 'not an article, not an author');
  });

  it('reports the first twenty problems and counts the rest', async () => {
    const { outcome } = await importFile(archiveOf(Array.from({ length: 25 }, (_, index) => story(`Bad Slug ${index}`))));
    assert.ok(outcome.kind === 'refused');
    assert.equal(outcome.problems.length, 20);
    assert.equal(outcome.problemCount, 25);
  });

  it('run again, skips every article already there and writes none twice', async () => {
    const before = await db.selectFrom('articles').select(['slug', 'revision', 'updated_at']).orderBy('slug').execute();
    const file = archiveOf([story('harbour-strike', { headline: 'A later headline' }), story('river-floods')]);
    const { outcome, progress } = await importFile(file);
    assert.deepEqual(outcome, { kind: 'imported', total: 2, written: 0, skipped: 2 });
    assert.deepEqual(progress, [{ done: 2, total: 2, skipped: 2 }]);
    assert.deepEqual(await db.selectFrom('articles').select(['slug', 'revision', 'updated_at']).orderBy('slug').execute(), before);
  });

  it('completes an import that was cut off, writing only what is missing', async () => {
    const lines = Array.from({ length: 7 }, (_, index) => story(`resumed-${index}`));
    await importFile(archiveOf(lines.slice(0, 3)));
    const { outcome, progress } = await importFile(archiveOf(lines), 3);
    assert.deepEqual(outcome, { kind: 'imported', total: 7, written: 4, skipped: 3 });
    assert.deepEqual(
      progress.map(({ done, skipped }) => [done, skipped]),
      [
        [3, 3],
        [6, 3],
        [7, 3],
      ],
    );
    const slugs = await db.selectFrom('articles').select('slug').where('slug', 'like', 'resumed-%').execute();
    assert.equal(slugs.length, 7);
  });

  it('stops at a line that changed after the file was checked, keeping the batches before it', async () => {
    const numbered = (slugs: readonly string[]): ArchiveLine[] => slugs.map((slug, index) => ({ line: index + 1, text: JSON.stringify(story(slug)) }));
    const checked = numbered(['changing-0', 'changing-1', 'changing-2', 'changing-3']);
    const written = numbered(['changing-0', 'changing-1', 'changing-2', 'swapped-in']);
    let reads = 0;
    const archive = {
      name: 'archive.jsonl',
      async *readLines() {
        reads += 1;
        yield* reads === 1 ? checked : written;
      },
    };
    await assert.rejects(
      importArchive(db, { archive, now, batchSize: 2, onProgress: () => {} }),
      (error) =>
        error instanceof ImportError && error.message === 'archive.jsonl changed at line 4 while it was being imported; check it and run the import again',
    );
    const slugs = await db
      .selectFrom('articles')
      .select('slug')
      .where((eb) => eb.or([eb('slug', 'like', 'changing-%'), eb('slug', '=', 'swapped-in')]))
      .execute();
    assert.deepEqual(slugs.map((row) => row.slug).sort(), ['changing-0', 'changing-1']);
  });

  it('refuses a file it cannot read, or one with no article in it', async () => {
    await assert.rejects(
      importFile(path.join(dataDir, 'missing.jsonl')),
      (error) => error instanceof ImportError && /Cannot read .*missing\.jsonl/.test(error.message),
    );
    await assert.rejects(importFile(archiveOf(['', '  '])), (error) => error instanceof ImportError && /holds no articles/.test(error.message));
  });
});
