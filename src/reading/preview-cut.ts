import type { AccessDecision } from '../access/decide-access.ts';
import type { Article } from '../content/article.ts';
import type { BodyBlock } from '../content/body-blocks.ts';
import { openBlockCount } from '../content/preview-length.ts';

/** The body as a reader receives it: the open blocks, and the locked ones only when they may read them. */
export type CutBody = { open: readonly BodyBlock[]; locked: readonly BodyBlock[] };

/**
 * Cuts the body before anything renders it, so no template, feed or API can show what the reader
 * was not given. A free article is all open; otherwise the first blocks are the open preview and
 * the rest is locked: sent to an entitled reader (marked as such), withheld from everyone else.
 */
export function cutBody(article: Pick<Article, 'access' | 'body' | 'previewBlockCount'>, decision: Pick<AccessDecision, 'access'>): CutBody {
  const open = openBlockCount({ access: article.access, blockCount: article.body.length, previewBlockCount: article.previewBlockCount });
  return {
    open: article.body.slice(0, open),
    locked: decision.access === 'full' ? article.body.slice(open) : [],
  };
}
