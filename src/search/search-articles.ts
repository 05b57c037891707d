import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { toFts5Match, type SearchQuery } from './search-query.ts';
import { highlightEnd, highlightStart, renderSnippet } from './snippet.ts';

export type SearchHit = {
  articleId: number;
  /** Safe HTML: escaped text with the matched words in <mark>. */
  snippet: string;
};

export type SearchResults = {
  total: number;
  hits: SearchHit[];
};

type SearchPage = { query: SearchQuery; now: Date; limit: number; offset: number };

type RawHit = { id: number; snippet: string | null };

async function searchSqlite(db: Database, { query, now, limit, offset }: SearchPage): Promise<{ total: number; rows: RawHit[] }> {
  const match = toFts5Match(query);
  const published = sql`a.status = 'published' and a.published_at <= ${now.toISOString()}`;
  const counted = await sql<{ total: number }>`
    select count(*) as total from article_search s join articles a on a.id = s.rowid
    where article_search match ${match} and ${published}`.execute(db);
  const found = await sql<RawHit>`
    select s.rowid as id,
      snippet(article_search, 2, ${highlightStart}, ${highlightEnd}, '…', 28) as snippet
    from article_search s join articles a on a.id = s.rowid
    where article_search match ${match} and ${published}
    order by bm25(article_search, 10.0, 4.0, 1.0, 1.0), a.published_at desc
    limit ${limit} offset ${offset}`.execute(db);
  return { total: Number(counted.rows[0]?.total ?? 0), rows: found.rows };
}

async function searchPostgres(db: Database, { query, now, limit, offset }: SearchPage): Promise<{ total: number; rows: RawHit[] }> {
  const words = query.terms.join(' ');
  const published = sql`a.status = 'published' and a.published_at <= ${now.toISOString()}`;
  const counted = await sql<{ total: number }>`
    select count(*) as total from article_search s join articles a on a.id = s.rowid
    where s.document @@ plainto_tsquery('english', ${words}) and ${published}`.execute(db);
  // Ranked and paged first, so the costly ts_headline runs only for the page's rows.
  const found = await sql<RawHit>`
    select ranked.id,
      ts_headline('english', ranked.body, plainto_tsquery('english', ${words}),
        ${`StartSel=${highlightStart}, StopSel=${highlightEnd}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
    from (
      select s.rowid as id, s.body, ts_rank(s.document, plainto_tsquery('english', ${words})) as rank, a.published_at
      from article_search s join articles a on a.id = s.rowid
      where s.document @@ plainto_tsquery('english', ${words}) and ${published}
      order by rank desc, a.published_at desc
      limit ${limit} offset ${offset}
    ) ranked
    order by ranked.rank desc, ranked.published_at desc`.execute(db);
  return { total: Number(counted.rows[0]?.total ?? 0), rows: found.rows };
}

/** Published articles that match the query, best first, one page of them. */
export async function searchArticles(db: Database, dialect: Dialect, page: SearchPage): Promise<SearchResults> {
  const { total, rows } = dialect === 'sqlite' ? await searchSqlite(db, page) : await searchPostgres(db, page);
  return { total, hits: rows.map((row) => ({ articleId: Number(row.id), snippet: renderSnippet(row.snippet ?? '') })) };
}
