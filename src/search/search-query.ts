import { splitIntoUnicode61Words } from './unicode61-tokens.ts';

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
 * PostgreSQL reads these terms through plainto_tsquery, whose own parser may split a term further
 * but joins every piece with AND, never into a phrase.
 */
export function parseSearchQuery(raw: string): SearchQuery | null {
  const text = raw.normalize('NFKC').slice(0, maximumQueryLength).trim();
  const terms = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, maximumTerms);
  if (terms.length === 0) return null;
  return { text, terms };
}

/**
 * FTS5 syntax: the words of the query as the index's own tokenizer splits them, each quoted, so
 * every one must match as a single word. Null when the tokenizer finds no word in the query.
 */
export function toFts5Match(query: SearchQuery): string | null {
  const words = [...new Set(splitIntoUnicode61Words(query.text.toLowerCase()))].slice(0, maximumTerms);
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' ');
}
