import type { Database } from '../db/database.ts';
import { stripHighlightMarks } from './snippet.ts';

/**
 * What the indexes hold of an article. The open text (all of a free article, the preview of a
 * locked one) is what snippets quote. The locked text goes into the whole-text index only, which
 * only readers entitled to read it search; the open index never sees it.
 */
export type SearchDocument = {
  articleId: number;
  headline: string;
  standfirst: string;
  openText: string;
  lockedText: string;
};

/** Puts an article's current text in both indexes, replacing what was there. */
export async function indexArticle(db: Database, document: SearchDocument): Promise<void> {
  const open = {
    rowid: document.articleId,
    headline: stripHighlightMarks(document.headline),
    standfirst: stripHighlightMarks(document.standfirst),
    body: stripHighlightMarks(document.openText),
  };
  await db.deleteFrom('article_search').where('rowid', '=', document.articleId).execute();
  await db.deleteFrom('article_open_search').where('rowid', '=', document.articleId).execute();
  await db
    .insertInto('article_search')
    .values({ ...open, locked: stripHighlightMarks(document.lockedText) })
    .execute();
  await db.insertInto('article_open_search').values(open).execute();
}
