import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from './backup-error.ts';
import type { ContentCounts } from './content-counts.ts';

const manifestFormat = 'dateline-backup';
const manifestVersion = 1;

/** The counts a backup is checked by: its database's, and the media files beside it. */
export type BackupCounts = ContentCounts & { mediaFiles: number };

/** What manifest.json says of a backup: which database it holds and what was in it. */
export type BackupManifest = {
  version: typeof manifestVersion;
  createdAt: string;
  /** On PostgreSQL, the schema the tables were dumped from and are restored into. */
  database: { kind: 'sqlite' } | { kind: 'postgres'; schema: string };
  counts: BackupCounts;
  /** Whether the data folder's secret file is in it; a SECRET set in the environment never is. */
  hasSecret: boolean;
};

export function manifestFile(folder: string): string {
  return path.join(folder, 'manifest.json');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A manifest as read from a file, or what is wrong with it. */
export function parseBackupManifest(value: unknown): { manifest: BackupManifest } | { problem: string } {
  if (!isRecord(value) || value.format !== manifestFormat) return { problem: 'its manifest.json is not a Dateline backup manifest' };
  if (value.version !== manifestVersion) {
    return { problem: `its manifest is of format version ${String(value.version)}, and this Dateline reads version ${manifestVersion}` };
  }
  const { createdAt, database, counts, hasSecret = false } = value;
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return { problem: 'its manifest has no valid createdAt' };
  let parsedDatabase: BackupManifest['database'];
  if (isRecord(database) && database.kind === 'sqlite') parsedDatabase = { kind: 'sqlite' };
  else if (isRecord(database) && database.kind === 'postgres' && typeof database.schema === 'string' && database.schema !== '') {
    parsedDatabase = { kind: 'postgres', schema: database.schema };
  } else return { problem: 'its manifest does not say which database it holds' };
  if (!isRecord(counts) || !isCount(counts.articles) || !isCount(counts.accounts) || !isCount(counts.subscriptions) || !isCount(counts.mediaFiles)) {
    return { problem: 'its manifest has no valid counts' };
  }
  if (typeof hasSecret !== 'boolean') return { problem: 'its manifest does not say whether it holds the secret' };
  return {
    manifest: {
      version: manifestVersion,
      createdAt,
      database: parsedDatabase,
      counts: { articles: counts.articles, accounts: counts.accounts, subscriptions: counts.subscriptions, mediaFiles: counts.mediaFiles },
      hasSecret,
    },
  };
}

export async function writeBackupManifest(folder: string, manifest: Omit<BackupManifest, 'version'>): Promise<BackupManifest> {
  const complete: BackupManifest = { version: manifestVersion, ...manifest };
  await writeFile(manifestFile(folder), `${JSON.stringify({ format: manifestFormat, ...complete }, null, 2)}\n`, { flag: 'wx' });
  return complete;
}

/** Reads a backup's manifest; a folder without a valid one is refused in one line that says why. */
export async function readBackupManifest(folder: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(manifestFile(folder), 'utf8');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR'))) throw error;
    throw new BackupError(`${folder} is not a Dateline backup: it has no manifest.json (a backup still being written, or cut short, has none)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${folder} is not a usable Dateline backup: its manifest.json is not valid JSON`);
  }
  const parsed = parseBackupManifest(json);
  if ('problem' in parsed) throw new BackupError(`${folder} is not a usable Dateline backup: ${parsed.problem}`);
  return parsed.manifest;
}

const countNames: ReadonlyArray<readonly [keyof BackupCounts, string]> = [
  ['articles', 'articles'],
  ['accounts', 'accounts'],
  ['subscriptions', 'subscriptions'],
  ['mediaFiles', 'media files'],
];

/** Where a restored copy differs from the manifest, in words; empty when they agree. */
export function describeCountDifferences(expected: BackupCounts, actual: BackupCounts): string[] {
  return countNames.filter(([key]) => expected[key] !== actual[key]).map(([key, name]) => `${actual[key]} ${name} where the backup had ${expected[key]}`);
}
