import type { Database } from '../db/database.ts';
import { stripHighlightMarks } from './snippet.ts';

export type SearchDocument = {
  articleId: number;
  headline: string;
  standfirst: string;
  body: string;
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
      body: stripHighlightMarks(document.body),
    })
    .execute();
}
