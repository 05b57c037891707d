import { cp, mkdir, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from './backup-error.ts';

/** Where each part of a backup lives in its folder (beside manifest.json). */
export function backupLayout(folder: string) {
  return {
    sqlite: path.join(folder, 'dateline.sqlite'),
    postgresDump: path.join(folder, 'dateline.dump'),
    media: path.join(folder, 'media'),
    secret: path.join(folder, 'secret'),
  };
}

/** The entries of a folder, or none when it does not exist yet. */
export async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    if (error instanceof Error && 'code' in error && error.code === 'ENOTDIR') throw new BackupError(`${folder} is a file, not a folder`);
    throw error;
  }
}

async function countFiles(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

/**
 * Copies a media folder (uploaded and generated images) and counts the files copied. Images being
 * written at that moment sit under a .partial name until they are whole; they are left out, and
 * no row names them yet.
 */
export async function copyMediaFolder(from: string, to: string): Promise<number> {
  await mkdir(to, { recursive: true });
  if ((await listFolder(from)).length === 0) return 0;
  await cp(from, to, { recursive: true, force: false, filter: (source) => !source.endsWith('.partial') });
  return countFiles(to);
}

/** Flushes one file, or a folder's own entries, to the disk. */
export async function syncToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes every file of a folder, and the folder entries themselves, to the disk. A backup is
 * renamed to its final name only after this, so a power cut cannot leave a complete-looking backup
 * whose files the disk never received.
 */
export async function syncFolder(folder: string): Promise<void> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile() || entry.isDirectory()) await syncToDisk(path.join(entry.parentPath, entry.name));
  }
  await syncToDisk(folder);
}
