import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { toFts5Match, type SearchQuery } from './search-query.ts';
import { countedMatchesLimit, rankLatestMatches, type SearchMatch } from './rank-matches.ts';
import type { SearchScope } from './search-scope.ts';
import { highlightEnd, highlightStart, renderSnippet } from './snippet.ts';

export type SearchHit = {
  articleId: number;
  /** Safe HTML: escaped text with the matched words in <mark>. */
  snippet: string;
};

export type SearchResults = {
  /** How many articles match, counted up to `countedMatchesLimit`. */
  total: number;
  /** More articles match than were counted. */
  isTotalCapped: boolean;
  hits: SearchHit[];
};

/** One page of a search: what was asked, within which scope, as of when. */
export type SearchPage = { query: SearchQuery; scope: SearchScope; now: Date; limit: number; offset: number };

type Snippet = { id: number; snippet: string | null };

type Index = {
  /** The latest matches, newest first, one more than are counted. */
  latestMatches: (db: Database, query: SearchQuery, now: Date) => Promise<SearchMatch[]>;
  /** The open text around the matched words, for the given articles. */
  snippets: (db: Database, query: SearchQuery, ids: readonly number[]) => Promise<Snippet[]>;
};

const publishedBy = (now: Date) => sql`a.status = 'published' and a.published_at <= ${now.toISOString()}`;

/** Each scope's own index, so an open-text search never touches (or is ranked by) the locked text. */
const indexTables = { 'whole-text': 'article_search', 'open-text': 'article_open_search' } as const;

// bm25's weights by column: headline, standfirst, open text, and the locked text where there is one.
const bm25Weights = { 'whole-text': sql`10.0, 4.0, 1.0, 1.0`, 'open-text': sql`10.0, 4.0, 1.0` };

function sqliteIndex(scope: SearchScope): Index {
  // An FTS5 table's hidden column of its own name takes the MATCH and the ranking functions.
  const table = sql.table(indexTables[scope]);
  const index = sql.ref(indexTables[scope]);
  return {
    async latestMatches(db, query, now) {
      const match = toFts5Match(query);
      if (match === null) return [];
      // CROSS JOIN keeps the index as the outer loop (otherwise SQLite may run the match once per
      // article), and the covering index answers "published?" without reading each article's row.
      const { rows } = await sql<SearchMatch>`
        select s.rowid as id, -bm25(${index}, ${bm25Weights[scope]}) as score, a.published_at as "publishedAt"
        from ${table} s cross join articles a indexed by articles_publication on a.id = s.rowid
        where ${index} match ${match} and ${publishedBy(now)}
        order by s.rowid desc
        limit ${countedMatchesLimit + 1}`.execute(db);
      return rows;
    },
    async snippets(db, query, ids) {
      const match = toFts5Match(query);
      if (match === null) return [];
      const { rows } = await sql<Snippet>`
        select rowid as id, snippet(${index}, 2, ${highlightStart}, ${highlightEnd}, '…', 28) as snippet
        from ${table}
        where ${index} match ${match} and rowid in (${sql.join(ids)})`.execute(db);
      return rows;
    },
  };
}

// plainto_tsquery joins every word its parser finds with AND, never into a phrase, however it
// splits the terms.
function postgresIndex(scope: SearchScope): Index {
  const table = sql.table(indexTables[scope]);
  return {
    async latestMatches(db, query, now) {
      const { rows } = await sql<SearchMatch>`
        select s.rowid as id, ts_rank(s.document, plainto_tsquery('english', ${query.terms.join(' ')})) as score, a.published_at as "publishedAt"
        from ${table} s join articles a on a.id = s.rowid
        where s.document @@ plainto_tsquery('english', ${query.terms.join(' ')}) and ${publishedBy(now)}
        order by s.rowid desc
        limit ${countedMatchesLimit + 1}`.execute(db);
      return rows;
    },
    async snippets(db, query, ids) {
      const options = `StartSel=${highlightStart}, StopSel=${highlightEnd}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`;
      const { rows } = await sql<Snippet>`
        select rowid as id, ts_headline('english', body, plainto_tsquery('english', ${query.terms.join(' ')}), ${options}) as snippet
        from ${table}
        where rowid in (${sql.join(ids)})`.execute(db);
      return rows;
    },
  };
}

/** Published articles that match the query within the scope the reader may search, best first, one page of them. */
export async function searchArticles(db: Database, dialect: Dialect, { query, scope, now, limit, offset }: SearchPage): Promise<SearchResults> {
  const index = dialect === 'sqlite' ? sqliteIndex(scope) : postgresIndex(scope);
  const matches = (await index.latestMatches(db, query, now)).map((match) => ({ ...match, id: Number(match.id), score: Number(match.score) }));
  const { total, isTotalCapped, ids } = rankLatestMatches(matches, { limit, offset });
  // Snippets only for the page's articles: they are the costly part.
  const snippetOf = new Map(ids.length === 0 ? [] : (await index.snippets(db, query, ids)).map((row) => [Number(row.id), row.snippet ?? '']));
  return { total, isTotalCapped, hits: ids.map((id) => ({ articleId: id, snippet: renderSnippet(snippetOf.get(id) ?? '') })) };
}
