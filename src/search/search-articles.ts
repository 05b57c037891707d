import { CompiledQuery, sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { fts5Index, type RunSql } from './fts5-index.ts';
import { countedMatchesLimit, type SearchMatch } from './rank-matches.ts';
import { searchIndex, type Index, type SearchPage, type SearchResults, type Snippet } from './search-page.ts';
import type { SearchScope } from './search-scope.ts';
import { highlightEnd, highlightStart } from './snippet.ts';

const postgresTables = { 'whole-text': 'article_search', 'open-text': 'article_open_search' } as const;

// plainto_tsquery joins every word its parser finds with AND, never into a phrase, however it
// splits the terms.
function postgresIndex(db: Database, scope: SearchScope): Index {
  const table = sql.table(postgresTables[scope]);
  return {
    async latestMatches(query, now) {
      const { rows } = await sql<SearchMatch>`
        select s.rowid as id, ts_rank(s.document, plainto_tsquery('english', ${query.terms.join(' ')})) as score, a.published_at as "publishedAt"
        from ${table} s join articles a on a.id = s.rowid
        where s.document @@ plainto_tsquery('english', ${query.terms.join(' ')}) and a.status = 'published' and a.published_at <= ${now.toISOString()}
        order by s.rowid desc
        limit ${countedMatchesLimit + 1}`.execute(db);
      return rows;
    },
    async snippets(query, ids) {
      const options = `StartSel=${highlightStart}, StopSel=${highlightEnd}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`;
      const { rows } = await sql<Snippet>`
        select rowid as id, ts_headline('english', body, plainto_tsquery('english', ${query.terms.join(' ')}), ${options}) as snippet
        from ${table}
        where rowid in (${sql.join(ids)})`.execute(db);
      return rows;
    },
  };
}

/** The FTS5 index's statements run through Kysely, on the app's own connection. */
function runOn(db: Database): RunSql {
  return async <Row>(text: string, parameters: readonly (string | number)[]) => (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/** Published articles that match the query within the scope the reader may search, best first, one page of them. */
export async function searchArticles(db: Database, dialect: Dialect, page: SearchPage): Promise<SearchResults> {
  return searchIndex(dialect === 'sqlite' ? fts5Index(page.scope, runOn(db)) : postgresIndex(db, page.scope), page);
}
