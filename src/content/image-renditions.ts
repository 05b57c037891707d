import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

/** Are all of an image's renditions already in the media folder? (An interrupted load may have made some.) */
export async function hasAllRenditions({ key, width, mediaDir }: { key: string; width: number; mediaDir: string }): Promise<boolean> {
  const files = widthsFor(width).flatMap((target) => renditionFormats.map((format) => path.join(mediaDir, renditionFileName(key, target, format))));
  try {
    await Promise.all(files.map((file) => access(file)));
    return true;
  } catch {
    return false;
  }
}

export type StoredImageFiles = { width: number; height: number };

/**
 * Writes every rendition of an image into the media folder. Each file is written beside its final
 * name and then renamed, so a reader never receives half a file.
 */
export async function writeImageRenditions({ source, key, mediaDir }: { source: Buffer; key: string; mediaDir: string }): Promise<StoredImageFiles> {
  await mkdir(mediaDir, { recursive: true });
  // Decoded once: every rendition resizes the same pixels instead of decoding the source again.
  // Loaded on first use: image work is rare, and the library holds tens of megabytes.
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(source, { limitInputPixels: 40_000_000 }).rotate().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const original = sharp(data, { raw: { width, height, channels: info.channels } });
  const encodings = widthsFor(width).flatMap((targetWidth) =>
    renditionFormats.map(async (format) => {
      const resized = original.clone().resize({ width: targetWidth, withoutEnlargement: true });
      const encoded = format === 'webp' ? await resized.webp({ quality: 78, effort: 3 }).toBuffer() : await resized.jpeg({ quality: 80, progressive: true }).toBuffer();
      const file = path.join(mediaDir, renditionFileName(key, targetWidth, format));
      await writeFile(`${file}.partial`, encoded);
      await rename(`${file}.partial`, file);
    }),
  );
  await Promise.all(encodings);
  return { width, height };
}
