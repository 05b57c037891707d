import type { AccessDecision } from '../access/decide-access.ts';
import type { Article } from '../content/article.ts';
import type { BodyBlock } from '../content/body-blocks.ts';

/** The body as a reader receives it: the open blocks, and the locked ones only when they may read them. */
export type CutBody = { open: readonly BodyBlock[]; locked: readonly BodyBlock[] };

/**
 * Cuts the body before anything renders it, so no template, feed or API can show what the reader
 * was not given. A free article is all open; otherwise the first blocks are the open preview and
 * the rest is locked: sent to an entitled reader (marked as such), withheld from everyone else.
 */
export function cutBody(article: Pick<Article, 'access' | 'body' | 'previewBlockCount'>, decision: AccessDecision): CutBody {
  if (article.access === 'free') return { open: article.body, locked: [] };
  const previewLength = Math.max(0, Math.min(article.previewBlockCount, article.body.length - 1));
  return {
    open: article.body.slice(0, previewLength),
    locked: decision.access === 'full' ? article.body.slice(previewLength) : [],
  };
}
