import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { drawLeadImage } from '../demo/lead-image.ts';
import { findMissingRenditions, hasAllRenditions, renditionFileName, widthsFor, writeImageRenditions } from './image-renditions.ts';

const mediaDir = mkdtempSync(path.join(tmpdir(), 'dateline-renditions-'));
after(() => rmSync(mediaDir, { recursive: true, force: true }));

describe('the widths an image is made in', () => {
  it('fits a phone’s thumbnails and full width with 240, 320 and 640 px, and stops at 1600 px however large the original', () => {
    assert.deepEqual(widthsFor(1600), [240, 320, 480, 640, 800, 1200, 1600]);
    assert.deepEqual(widthsFor(4000), [240, 320, 480, 640, 800, 1200, 1600]);
  });

  it('ends at the original’s own width, never enlarging it nor showing it smaller than it is', () => {
    assert.deepEqual(widthsFor(1000), [240, 320, 480, 640, 800, 1000]);
    assert.deepEqual(widthsFor(800), [240, 320, 480, 640, 800]);
    assert.deepEqual(widthsFor(400), [240, 320, 400]);
    assert.deepEqual(widthsFor(200), [200]);
  });
});

describe('writing an image’s renditions', () => {
  it('makes every width in AVIF, WebP and JPEG, each a real file of that format and width', async () => {
    const source = await sharp({ create: { width: 1000, height: 600, channels: 3, background: { r: 40, g: 90, b: 130 } } })
      .png()
      .toBuffer();
    const stored = await writeImageRenditions({ source, key: 'quay', mediaDir });
    assert.deepEqual(stored, { width: 1000, height: 600 });
    assert.equal(readdirSync(mediaDir).filter((file) => file.startsWith('quay-')).length, 6 * 3);
    for (const [width, format, decodedAs] of [
      [320, 'avif', 'heif'],
      [640, 'webp', 'webp'],
      [1000, 'jpeg', 'jpeg'],
    ] as const) {
      const metadata = await sharp(path.join(mediaDir, renditionFileName('quay', width, format))).metadata();
      assert.deepEqual([metadata.format, metadata.width, metadata.height], [decodedAs, width, Math.round((width * 600) / 1000)]);
    }
    assert.equal(await hasAllRenditions({ key: 'quay', width: 1000, mediaDir }), true);
  });

  it('makes AVIF smaller than WebP, and WebP smaller than JPEG, for a lead image', async () => {
    // One of the demo's drawn scenes: gradients, shapes and grain the encoders must keep, unlike a flat colour.
    const scene = drawLeadImage({ motif: 'harbour', light: 'dusk', seed: 'renditions', width: 1200, height: 675 });
    await writeImageRenditions({ source: Buffer.from(scene), key: 'grain', mediaDir });
    const bytes = (format: 'avif' | 'webp' | 'jpeg') => statSync(path.join(mediaDir, renditionFileName('grain', 800, format))).size;
    assert.ok(bytes('avif') < bytes('webp'), `AVIF ${bytes('avif')} B, WebP ${bytes('webp')} B`);
    assert.ok(bytes('webp') < bytes('jpeg'), `WebP ${bytes('webp')} B, JPEG ${bytes('jpeg')} B`);
  });

  it('names what an image stored before the narrow widths and AVIF lacks', async () => {
    const source = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg()
      .toBuffer();
    await writeImageRenditions({ source, key: 'old', mediaDir });
    for (const file of readdirSync(mediaDir).filter((name) => /^old-(240|320|640)\.|^old-\d+\.avif$/.test(name))) rmSync(path.join(mediaDir, file));
    const missing = await findMissingRenditions({ key: 'old', width: 1600, mediaDir });
    assert.deepEqual(
      missing.map((rendition) => `${rendition.width} ${rendition.format}`),
      [
        '240 avif',
        '240 webp',
        '240 jpeg',
        '320 avif',
        '320 webp',
        '320 jpeg',
        '480 avif',
        '640 avif',
        '640 webp',
        '640 jpeg',
        '800 avif',
        '1200 avif',
        '1600 avif',
      ],
    );
    assert.equal(await hasAllRenditions({ key: 'old', width: 1600, mediaDir }), false);
  });
});
