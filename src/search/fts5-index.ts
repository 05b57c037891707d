import { countedMatchesLimit, type SearchMatch } from './rank-matches.ts';
import type { Index, Snippet } from './search-page.ts';
import { toFts5Match } from './search-query.ts';
import type { SearchScope } from './search-scope.ts';
import { highlightEnd, highlightStart } from './snippet.ts';

/** Runs one SQLite statement with `?` parameters: through Kysely on the main thread, node:sqlite in a search worker. */
export type RunSql = <Row>(text: string, parameters: readonly (string | number)[]) => Promise<Row[]>;

/** Each scope's own index, so an open-text search never touches (or is ranked by) the locked text. */
const indexTables = { 'whole-text': 'article_search', 'open-text': 'article_open_search' } as const;

// bm25's weights by column: headline, standfirst, open text, and the locked text where there is one.
const bm25Weights = { 'whole-text': '10.0, 4.0, 1.0, 1.0', 'open-text': '10.0, 4.0, 1.0' };

/**
 * The SQLite index (FTS5), the one text of its queries whoever runs them. An FTS5 table's hidden
 * column of its own name takes the MATCH and the ranking functions. CROSS JOIN keeps the index as
 * the outer loop (otherwise SQLite may run the match once per article), and the covering index
 * answers "published?" without reading each article's row.
 */
export function fts5Index(scope: SearchScope, run: RunSql): Index {
  const table = indexTables[scope];
  const latestMatches = `select s.rowid as id, -bm25(${table}, ${bm25Weights[scope]}) as score, a.published_at as "publishedAt"
    from ${table} s cross join articles a indexed by articles_publication on a.id = s.rowid
    where ${table} match ? and a.status = 'published' and a.published_at <= ?
    order by s.rowid desc
    limit ?`;
  return {
    async latestMatches(query, now) {
      const match = toFts5Match(query);
      if (match === null) return [];
      return run<SearchMatch>(latestMatches, [match, now.toISOString(), countedMatchesLimit + 1]);
    },
    async snippets(query, ids) {
      const match = toFts5Match(query);
      if (match === null) return [];
      return run<Snippet>(
        `select rowid as id, snippet(${table}, 2, ?, ?, '…', 28) as snippet
        from ${table}
        where ${table} match ? and rowid in (${ids.map(() => '?').join(', ')})`,
        [highlightStart, highlightEnd, match, ...ids],
      );
    },
  };
}
