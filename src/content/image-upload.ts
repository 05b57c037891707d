import { randomBytes } from 'node:crypto';
import type sharp from 'sharp';
import type { Database } from '../db/database.ts';
import { insertImage } from './image-repository.ts';
import { writeImageRenditions } from './image-renditions.ts';
import { DomainError } from '../errors/domain-error.ts';

/** Beyond this many pixels an upload is refused: a small file can decode to gigabytes (a decompression bomb). */
export const maximumImagePixels = 40_000_000;
export const maximumImageBytes = 15 * 1024 * 1024;
const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heif']);

/** An upload that is not an image this site takes; the message is fit to show the writer. */
export class ImageRefusedError extends DomainError {
  override name = 'ImageRefusedError';
  constructor(message: string) {
    super(message, { kind: 'invalid', field: 'image' });
  }
}

/**
 * Takes an uploaded image: checks what it really is (by decoding its header, not by its name),
 * refuses what is not an image or would decode to too many pixels, then stores its renditions and
 * its record. Returns the image's id.
 */
export async function storeUploadedImage(
  db: Database,
  { bytes, alt, mediaDir, now }: { bytes: Buffer; alt: string; mediaDir: string; now: Date },
): Promise<number> {
  let metadata: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  const { default: decode } = await import('sharp');
  try {
    metadata = await decode(bytes, { limitInputPixels: maximumImagePixels }).metadata();
  } catch {
    throw new ImageRefusedError('That file is not an image we can read. Upload a JPEG, PNG, WebP, GIF or AVIF.');
  }
  if (!metadata.format || !acceptedFormats.has(metadata.format)) {
    throw new ImageRefusedError('That file is not an image we can read. Upload a JPEG, PNG, WebP, GIF or AVIF.');
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > maximumImagePixels || width === 0 || height === 0) {
    throw new ImageRefusedError(`That image is ${width} × ${height} pixels; the most we take is ${maximumImagePixels / 1_000_000} megapixels.`);
  }
  const key = `upload-${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
  let stored: { width: number; height: number };
  try {
    stored = await writeImageRenditions({ source: bytes, key, mediaDir });
  } catch {
    throw new ImageRefusedError('That image could not be processed. It may be damaged; try exporting it again.');
  }
  return insertImage(db, { key, width: stored.width, height: stored.height, alt: alt.trim(), createdAt: now });
}
