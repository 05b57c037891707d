import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ImportError } from './import-error.ts';

export type ArchiveLine = { line: number; text: string };

/** An archive to import: read once to check it, and again to write it. */
export type ArchiveSource = { name: string; readLines: () => AsyncIterable<ArchiveLine> };

export function archiveFile(file: string): ArchiveSource {
  return { name: file, readLines: () => readArchiveLines(file) };
}

/**
 * The file's lines one by one, numbered from 1 as an editor shows them; blank lines (a trailing
 * newline, a gap) are left out. Read as a stream, so an archive of any size fits in memory.
 */
async function* readArchiveLines(file: string): AsyncGenerator<ArchiveLine> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      // A byte order mark, as some exporters on Windows write, is not part of the first article.
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() !== '') yield { line, text };
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') throw new ImportError(`Cannot read ${file}: ${error.message}`);
    throw error;
  }
}
