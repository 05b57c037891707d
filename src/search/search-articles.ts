import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { toFts5Match, type SearchQuery } from './search-query.ts';
import { countedMatchesLimit, rankLatestMatches, type SearchMatch } from './rank-matches.ts';
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

type SearchPage = { query: SearchQuery; now: Date; limit: number; offset: number };

type Snippet = { id: number; snippet: string | null };

type Index = {
  /** The latest matches, newest first, one more than are counted. */
  latestMatches: (db: Database, query: SearchQuery, now: Date) => Promise<SearchMatch[]>;
  /** The open text around the matched words, for the given articles. */
  snippets: (db: Database, query: SearchQuery, ids: readonly number[]) => Promise<Snippet[]>;
};

const publishedBy = (now: Date) => sql`a.status = 'published' and a.published_at <= ${now.toISOString()}`;

const sqliteIndex: Index = {
  async latestMatches(db, query, now) {
    // CROSS JOIN keeps the index as the outer loop (otherwise SQLite may run the match once per
    // article), and the covering index answers "published?" without reading each article's row.
    const { rows } = await sql<SearchMatch>`
      select s.rowid as id, -bm25(article_search, 10.0, 4.0, 1.0, 1.0) as score, a.published_at as "publishedAt"
      from article_search s cross join articles a indexed by articles_publication on a.id = s.rowid
      where article_search match ${toFts5Match(query)} and ${publishedBy(now)}
      order by s.rowid desc
      limit ${countedMatchesLimit + 1}`.execute(db);
    return rows;
  },
  async snippets(db, query, ids) {
    const { rows } = await sql<Snippet>`
      select rowid as id, snippet(article_search, 2, ${highlightStart}, ${highlightEnd}, '…', 28) as snippet
      from article_search
      where article_search match ${toFts5Match(query)} and rowid in (${sql.join(ids)})`.execute(db);
    return rows;
  },
};

const postgresIndex: Index = {
  async latestMatches(db, query, now) {
    const { rows } = await sql<SearchMatch>`
      select s.rowid as id, ts_rank(s.document, plainto_tsquery('english', ${query.terms.join(' ')})) as score, a.published_at as "publishedAt"
      from article_search s join articles a on a.id = s.rowid
      where s.document @@ plainto_tsquery('english', ${query.terms.join(' ')}) and ${publishedBy(now)}
      order by s.rowid desc
      limit ${countedMatchesLimit + 1}`.execute(db);
    return rows;
  },
  async snippets(db, query, ids) {
    const options = `StartSel=${highlightStart}, StopSel=${highlightEnd}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`;
    const { rows } = await sql<Snippet>`
      select rowid as id, ts_headline('english', body, plainto_tsquery('english', ${query.terms.join(' ')}), ${options}) as snippet
      from article_search
      where rowid in (${sql.join(ids)})`.execute(db);
    return rows;
  },
};

/** Published articles that match the query, best first, one page of them. */
export async function searchArticles(db: Database, dialect: Dialect, { query, now, limit, offset }: SearchPage): Promise<SearchResults> {
  const index = dialect === 'sqlite' ? sqliteIndex : postgresIndex;
  const matches = (await index.latestMatches(db, query, now)).map((match) => ({ ...match, id: Number(match.id), score: Number(match.score) }));
  const { total, isTotalCapped, ids } = rankLatestMatches(matches, { limit, offset });
  // Snippets only for the page's articles: they are the costly part.
  const snippetOf = new Map(ids.length === 0 ? [] : (await index.snippets(db, query, ids)).map((row) => [Number(row.id), row.snippet ?? '']));
  return { total, isTotalCapped, hits: ids.map((id) => ({ articleId: id, snippet: renderSnippet(snippetOf.get(id) ?? '') })) };
}
