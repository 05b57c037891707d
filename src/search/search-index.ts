import type { Database } from '../db/database.ts';
import { stripHighlightMarks } from './snippet.ts';

/**
 * What the index holds of an article. The open text (all of a free article, the preview of a locked
 * one) is what snippets quote; the locked text is searchable but never quoted, so a search result
 * shows no more of an article than its page would.
 */
export type SearchDocument = {
  articleId: number;
  headline: string;
  standfirst: string;
  openText: string;
  lockedText: string;
};

/** Puts an article's current text in the index, replacing what was there. */
export async function indexArticle(db: Database, document: SearchDocument): Promise<void> {
  await db.deleteFrom('article_search').where('rowid', '=', document.articleId).execute();
  await db
    .insertInto('article_search')
    .values({
      rowid: document.articleId,
      headline: stripHighlightMarks(document.headline),
      standfirst: stripHighlightMarks(document.standfirst),
      body: stripHighlightMarks(document.openText),
      locked: stripHighlightMarks(document.lockedText),
    })
    .execute();
}
