import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { buildTestApp } from '../../test/app.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { mediaDirOf } from './media-folder.ts';
import { hasAllRenditions, renditionFileName, writeImageRenditions } from './image-renditions.ts';
import { insertImage } from './image-repository.ts';
import { backfillRenditions } from './rendition-backfill.ts';
import { saveArticle } from './save-article.ts';

const now = new Date('2026-12-01T12:00:00Z');
const database = await openTestDatabase();
const mediaDir = mediaDirOf(database.dataDir);
const seeded = await seedPublication(database.db, now);

/** Leaves only the files an image stored before 240, 320, 640 and AVIF joined would have: 480-1600 px, WebP and JPEG. */
function keepOnlyTheOldRenditions(key: string, oldWidths: readonly number[]): void {
  for (const file of readdirSync(mediaDir).filter((name) => name.startsWith(`${key}-`))) {
    const [, width, extension] = file.match(/-(\d+)\.(\w+)$/) ?? [];
    if (!oldWidths.includes(Number(width)) || extension === 'avif') rmSync(path.join(mediaDir, file));
  }
}

async function storeImage(key: string, size: { width: number; height: number }): Promise<number> {
  const source = await sharp({ create: { ...size, channels: 3, background: { r: 30, g: 90, b: 140 } } })
    .jpeg()
    .toBuffer();
  await writeImageRenditions({ source, key, mediaDir });
  return insertImage(database.db, { key, ...size, alt: `The ${key}`, createdAt: now });
}

// A library as an installation before this change holds it: a large photograph, a narrow one (stored
// before its own width was a rendition, so its widest file is 480 px), one already complete, and
// the seeded fixture image, whose files are gone.
const legacyId = await storeImage('legacy', { width: 1600, height: 900 });
keepOnlyTheOldRenditions('legacy', [480, 800, 1200, 1600]);
await storeImage('narrow', { width: 700, height: 400 });
keepOnlyTheOldRenditions('narrow', [480]);
await storeImage('complete', { width: 800, height: 450 });
const untouched = statSync(path.join(mediaDir, renditionFileName('complete', 320, 'avif'))).mtimeMs;

describe(`making the renditions an existing library lacks (${database.dialect})`, () => {
  it('names, before the backfill, files that are not there', async () => {
    assert.equal(await hasAllRenditions({ key: 'legacy', width: 1600, mediaDir }), false);
    assert.equal(await hasAllRenditions({ key: 'narrow', width: 700, mediaDir }), false);
  });

  it('makes every missing width and format from the widest file each image has, and reports the image that has none', async () => {
    const report = await backfillRenditions(database.db, { mediaDir });
    assert.deepEqual(report, { checked: 4, completed: 2, unrecoverable: ['fixture-image'] });
    assert.equal(await hasAllRenditions({ key: 'legacy', width: 1600, mediaDir }), true);
    assert.equal(await hasAllRenditions({ key: 'narrow', width: 700, mediaDir }), true);
    const made = await sharp(path.join(mediaDir, renditionFileName('legacy', 640, 'avif'))).metadata();
    assert.deepEqual([made.format, made.width, made.height], ['heif', 640, 360]);
    const ownWidth = await sharp(path.join(mediaDir, renditionFileName('narrow', 700, 'jpeg'))).metadata();
    assert.deepEqual([ownWidth.width, ownWidth.height], [700, 400]);
    assert.equal(statSync(path.join(mediaDir, renditionFileName('complete', 320, 'avif'))).mtimeMs, untouched, 'a complete image is left alone');
  });

  it('finds nothing to do when run again', async () => {
    assert.deepEqual(await backfillRenditions(database.db, { mediaDir }), { checked: 4, completed: 0, unrecoverable: ['fixture-image'] });
  });

  it('leaves an article page naming no image file the server does not have', async () => {
    await saveArticle(
      database.db,
      {
        slug: 'old-picture',
        sectionId: seeded.sectionIds.world,
        headline: 'An article from before',
        standfirst: 'Its picture was stored in the old sizes.',
        dateline: 'Oslo',
        authorIds: [seeded.authorIds.reporter],
        bodyMarkdown: 'First paragraph.\n\nSecond paragraph.',
        leadImage: { imageId: legacyId, caption: 'The quay.', credit: '© Test Agency' },
        access: 'free',
        previewBlockCount: 2,
        status: 'published',
        sponsorId: null,
        publishedAt: new Date(now.getTime() - 3_600_000),
      },
      now,
    );
    const app = await buildTestApp(database, { now: () => now });
    const page = await app.inject('/world/old-picture');
    const named = new Set([...page.body.matchAll(/\/media\/[\w.-]+/g)].map(([address]) => address));
    assert.ok(
      [...named].some((address) => address.endsWith('-320.avif')),
      'the page offers the new AVIF widths',
    );
    for (const address of named) assert.equal((await app.inject(address)).statusCode, 200, address);
    await app.close();
  });
});
