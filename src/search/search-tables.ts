/** The search indexes: FTS5's rowid, or PostgreSQL's key of the same name, is the article's id. */
export type SearchTables = {
  /** The whole text, for readers who may read all of it. */
  article_search: {
    rowid: number;
    headline: string;
    standfirst: string;
    /** The text snippets may quote. */
    body: string;
    /** The text behind the paywall: matched for entitled readers, never quoted. */
    locked: string;
  };
  /** What every reader may read, without the locked text; see docs/decisions/0013. */
  article_open_search: {
    rowid: number;
    headline: string;
    standfirst: string;
    body: string;
  };
};
