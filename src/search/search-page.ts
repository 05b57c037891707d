import type { SearchQuery } from './search-query.ts';
import { rankLatestMatches, type SearchMatch } from './rank-matches.ts';
import type { SearchScope } from './search-scope.ts';
import { renderSnippet } from './snippet.ts';

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

export type Snippet = { id: number; snippet: string | null };

/** What each database's index answers; ids and scores may come back as text or bigint, and are read as numbers. */
export type Index = {
  /** The latest matches, newest first, one more than are counted. */
  latestMatches: (query: SearchQuery, now: Date) => Promise<SearchMatch[]>;
  /** The open text around the matched words, for the given articles. */
  snippets: (query: SearchQuery, ids: readonly number[]) => Promise<Snippet[]>;
};

/**
 * One page of results from an index: the latest matches ranked, then snippets for the page's
 * articles only, as they are the costly part. Free of any database driver, so a search worker
 * thread runs it without loading one (docs/decisions/0018).
 */
export async function searchIndex(index: Index, { query, now, limit, offset }: SearchPage): Promise<SearchResults> {
  const matches = (await index.latestMatches(query, now)).map((match) => ({ ...match, id: Number(match.id), score: Number(match.score) }));
  const { total, isTotalCapped, ids } = rankLatestMatches(matches, { limit, offset });
  const snippetOf = new Map(ids.length === 0 ? [] : (await index.snippets(query, ids)).map((row) => [Number(row.id), row.snippet ?? '']));
  return { total, isTotalCapped, hits: ids.map((id) => ({ articleId: id, snippet: renderSnippet(snippetOf.get(id) ?? '') })) };
}
