import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { searchArticles } from './search-articles.ts';
import type { SearchPage, SearchResults } from './search-page.ts';
import { cacheSearchPages } from './search-page-cache.ts';
import { createSearchWorkers } from './search-workers.ts';

/** The site's search, as its routes call it. */
export type ArticleSearch = {
  searchArticles: (page: SearchPage) => Promise<SearchResults>;
  /** Starts the search workers, if any, before the first search needs them: once the server listens. */
  warm: () => Promise<void>;
  /** Ends the search workers, if any: with the app. */
  close: () => Promise<void>;
};

export type ArticleSearchOptions = {
  db: Database;
  dialect: Dialect;
  /** The content version cached pages are keyed on. */
  contentVersion: () => Promise<number>;
  /** Pages of results kept; 0 keeps none. */
  cachedPages: number;
};

/** The file the main connection reads; none for a database in memory, which no other connection can open. */
async function sqliteFileOf(db: Database): Promise<string | null> {
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file ?? '';
  return file === '' ? null : file;
}

/**
 * On SQLite, searches run in worker threads, each with its own connection to the same file, so a
 * search never holds up a page on the main thread; on PostgreSQL the pool's queries already wait
 * off the event loop, and the search runs in place. See docs/decisions/0018.
 */
export async function openArticleSearch({ db, dialect, contentVersion, cachedPages }: ArticleSearchOptions): Promise<ArticleSearch> {
  const file = dialect === 'sqlite' ? await sqliteFileOf(db) : null;
  const workers = file === null ? null : createSearchWorkers({ file });
  const search = workers ? workers.search : (page: SearchPage) => searchArticles(db, dialect, page);
  return {
    searchArticles: cachedPages > 0 ? cacheSearchPages(search, { contentVersion, maxEntries: cachedPages }) : search,
    warm: async () => {
      workers?.warm();
    },
    close: async () => {
      await workers?.close();
    },
  };
}
