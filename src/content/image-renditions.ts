import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sharp } from 'sharp';

/**
 * The widths an image is made in; a reader's browser picks one from the srcset. The narrow ones fit
 * the slots phones and lists have, so a browser need not fetch the next width up: 240 a thumbnail
 * (7.5rem at DPR 1.75, 10rem at DPR 1), 320 a card, 640 a phone's full width at DPR 1.5-1.75.
 */
export const renditionWidths = [240, 320, 480, 640, 800, 1200, 1600] as const;
/** Most preferred first: the <picture> offers them in this order and a browser takes the first it decodes. */
export const renditionFormats = ['avif', 'webp', 'jpeg'] as const;
export type RenditionFormat = (typeof renditionFormats)[number];

const extensionByFormat: Record<RenditionFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };

const widestRendition = Math.max(...renditionWidths);

export function renditionFileName(key: string, width: number, format: RenditionFormat): string {
  return `${key}-${width}.${extensionByFormat[format]}`;
}

/**
 * The rendition widths an image of this width has: every standard width narrower than the original,
 * then the original's own width (capped at the widest), so a narrow original is never shown from a
 * smaller file than it is and never enlarged.
 */
export function widthsFor(originalWidth: number): number[] {
  const top = Math.min(originalWidth, widestRendition);
  return [...renditionWidths.filter((width) => width < top), top];
}

export type Rendition = { width: number; format: RenditionFormat };

/** Every rendition an image of this width has, widest last. */
export function renditionsFor(originalWidth: number): Rendition[] {
  return widthsFor(originalWidth).flatMap((width) => renditionFormats.map((format) => ({ width, format })));
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The renditions of an image not (yet) in the media folder: new widths or formats, or what an interrupted write left out. */
export async function findMissingRenditions({ key, width, mediaDir }: { key: string; width: number; mediaDir: string }): Promise<Rendition[]> {
  const renditions = renditionsFor(width);
  const present = await Promise.all(renditions.map((rendition) => exists(path.join(mediaDir, renditionFileName(key, rendition.width, rendition.format)))));
  return renditions.filter((_, index) => !present[index]);
}

/** Are all of an image's renditions already in the media folder? (An interrupted load may have made some.) */
export async function hasAllRenditions(image: { key: string; width: number; mediaDir: string }): Promise<boolean> {
  return (await findMissingRenditions(image)).length === 0;
}

export type StoredImageFiles = { width: number; height: number };

/**
 * How each format is encoded. AVIF at quality 45 looks like WebP at 78 and
 * weighs 25-40 % less. Effort 2 (of 9) makes a 1600 px image in about 0.4 s of processor time; 3
 * took twice as long for 3 % less, and the default 4 several times as long again, which an editor
 * waiting on an upload, a library completed at start-up and every demo load would feel.
 */
function encode(resized: Sharp, format: RenditionFormat): Promise<Buffer> {
  switch (format) {
    case 'avif':
      return resized.avif({ quality: 45, effort: 2 }).toBuffer();
    case 'webp':
      return resized.webp({ quality: 78, effort: 3 }).toBuffer();
    case 'jpeg':
      return resized.jpeg({ quality: 80, progressive: true }).toBuffer();
  }
}

/** Loaded on first use: image work is rare, and the library holds tens of megabytes. */
async function decode(source: Buffer): Promise<{ pixels: Sharp; width: number; height: number }> {
  const { default: sharp } = await import('sharp');
  // Decoded once: every rendition resizes the same pixels instead of decoding the source again.
  const { data, info } = await sharp(source, { limitInputPixels: 40_000_000 }).rotate().raw().toBuffer({ resolveWithObject: true });
  return { pixels: sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }), width: info.width, height: info.height };
}

/** Writes each rendition beside its final name and then renames it, so a reader never receives half a file. */
async function writeRenditions({
  pixels,
  renditions,
  key,
  mediaDir,
}: {
  pixels: Sharp;
  renditions: readonly Rendition[];
  key: string;
  mediaDir: string;
}): Promise<void> {
  await mkdir(mediaDir, { recursive: true });
  await Promise.all(
    renditions.map(async ({ width, format }) => {
      const encoded = await encode(pixels.clone().resize({ width }), format);
      const file = path.join(mediaDir, renditionFileName(key, width, format));
      await writeFile(`${file}.partial`, encoded);
      await rename(`${file}.partial`, file);
    }),
  );
}

/** Writes every rendition of an image into the media folder. */
export async function writeImageRenditions({ source, key, mediaDir }: { source: Buffer; key: string; mediaDir: string }): Promise<StoredImageFiles> {
  const { pixels, width, height } = await decode(source);
  await writeRenditions({ pixels, renditions: renditionsFor(width), key, mediaDir });
  return { width, height };
}

/**
 * Makes the renditions an image lacks from the widest one it has (the uploaded original is not
 * kept). A width wider than that file (an original narrower than 1600 px stored before its own
 * width was a rendition) is enlarged from it: the same pixels a browser would have stretched into
 * that slot before. Returns false when the image has no rendition at all to make them from.
 */
export async function writeMissingRenditions({
  key,
  width,
  mediaDir,
  missing,
}: {
  key: string;
  width: number;
  mediaDir: string;
  missing: readonly Rendition[];
}): Promise<boolean> {
  if (missing.length === 0) return true;
  const isMissing = (rendition: Rendition) => missing.some((gap) => gap.width === rendition.width && gap.format === rendition.format);
  // JPEG first: of the formats every version stored, it keeps the most detail at the widest width.
  const candidates = renditionsFor(width)
    .filter((rendition) => !isMissing(rendition))
    .sort((a, b) => b.width - a.width || renditionFormats.indexOf(b.format) - renditionFormats.indexOf(a.format));
  for (const candidate of candidates) {
    const file = path.join(mediaDir, renditionFileName(key, candidate.width, candidate.format));
    if (!(await exists(file))) continue;
    const { pixels } = await decode(await readFile(file));
    await writeRenditions({ pixels, renditions: missing, key, mediaDir });
    return true;
  }
  return false;
}
