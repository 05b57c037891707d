import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** The widths every image is made in; a reader's browser picks one from the srcset. */
export const renditionWidths = [480, 800, 1200, 1600] as const;
export const renditionFormats = ['webp', 'jpeg'] as const;
export type RenditionFormat = (typeof renditionFormats)[number];

const extensionByFormat: Record<RenditionFormat, string> = { webp: 'webp', jpeg: 'jpg' };

export function renditionFileName(key: string, width: number, format: RenditionFormat): string {
  return `${key}-${width}.${extensionByFormat[format]}`;
}

/** The rendition widths an image of this width has: never wider than the original. */
export function widthsFor(originalWidth: number): number[] {
  const widths = renditionWidths.filter((width) => width <= originalWidth);
  return widths.length > 0 ? widths : [originalWidth];
}

export type StoredImageFiles = { width: number; height: number };

/**
 * Writes every rendition of an image into the media folder. Each file is written beside its final
 * name and then renamed, so a reader never receives half a file.
 */
export async function writeImageRenditions({ source, key, mediaDir }: { source: Buffer; key: string; mediaDir: string }): Promise<StoredImageFiles> {
  await mkdir(mediaDir, { recursive: true });
  const original = sharp(source, { limitInputPixels: 40_000_000 }).rotate();
  const { width, height } = await original.metadata();
  if (!width || !height) throw new Error('The image has no dimensions');
  for (const targetWidth of widthsFor(width)) {
    const resized = original.clone().resize({ width: targetWidth, withoutEnlargement: true });
    for (const format of renditionFormats) {
      const encoded =
        format === 'webp' ? await resized.clone().webp({ quality: 78 }).toBuffer() : await resized.clone().jpeg({ quality: 80, progressive: true }).toBuffer();
      const file = path.join(mediaDir, renditionFileName(key, targetWidth, format));
      await writeFile(`${file}.partial`, encoded);
      await rename(`${file}.partial`, file);
    }
  }
  return { width, height };
}
