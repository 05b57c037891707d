import type { AccessLevel } from './access-level.ts';

/**
 * How many of an article's blocks are open to everyone: all of a free article; otherwise its preview
 * length, but never the last block, so a preview set longer than the article cannot give it away.
 */
export function openBlockCount({ access, blockCount, previewBlockCount }: { access: AccessLevel; blockCount: number; previewBlockCount: number }): number {
  if (access === 'free') return blockCount;
  return Math.max(0, Math.min(previewBlockCount, blockCount - 1));
}
