/** What a reader typed, reduced to the words the index can look up. */
export type SearchQuery = {
  text: string;
  terms: readonly string[];
};

export const maximumQueryLength = 200;
const maximumTerms = 12;

/**
 * Keeps letters and digits (in any script) and drops everything else, so quotes, operators and
 * emoji can never reach the index's query syntax. Returns null when nothing searchable is left.
 */
export function parseSearchQuery(raw: string): SearchQuery | null {
  const text = raw.normalize('NFKC').slice(0, maximumQueryLength).trim();
  const terms = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, maximumTerms);
  if (terms.length === 0) return null;
  return { text, terms };
}

/** FTS5 syntax: each term quoted, so the index reads it as a word and every term must match. */
export function toFts5Match(query: SearchQuery): string {
  return query.terms.map((term) => `"${term}"`).join(' ');
}
