import type { Database } from '../db/database.ts';
import type { Article } from './article.ts';
import { parseStoredBodyBlocks } from './body-blocks.ts';
import { sanitizeBlockHtml } from './markdown.ts';

export type ArticleBody = Pick<Article, 'body' | 'previewBlockCount'>;

/**
 * The bodies of many articles in one query, for lists that carry text (feeds). Sanitized once more
 * on the way out, as findPublishedArticle does, so a block altered in the database carries no script.
 */
export async function listArticleBodies(db: Database, ids: readonly number[]): Promise<Map<number, ArticleBody>> {
  const bodies = new Map<number, ArticleBody>();
  if (ids.length === 0) return bodies;
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'body_blocks', 'preview_block_count'])
    .where('id', 'in', [...ids])
    .execute();
  for (const row of rows) {
    const body = parseStoredBodyBlocks(row.body_blocks).map((block) => ({ ...block, html: sanitizeBlockHtml(block.html) }));
    bodies.set(row.id, { body, previewBlockCount: row.preview_block_count });
  }
  return bodies;
}
