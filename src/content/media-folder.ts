import path from 'node:path';

/** Where uploaded images and their renditions are kept: the media folder inside the data folder. */
export function mediaDirOf(dataDir: string): string {
  return path.join(dataDir, 'media');
}
