/** The search index: FTS5's rowid, or PostgreSQL's key of the same name, is the article's id. */
export type SearchTables = {
  article_search: {
    rowid: number;
    headline: string;
    standfirst: string;
    /** The text snippets may quote. */
    body: string;
    /** The text behind the paywall: matched, never quoted. */
    locked: string;
  };
};
