import type { Reader } from '../access/reader.ts';
import { consumeRateLimit, type RateLimit, type RateLimitResult } from '../accounts/rate-limit.ts';
import type { Database } from '../db/database.ts';

/**
 * Searches a minute per client address and per signed-in reader. The default (60, SEARCH_RATE_LIMIT)
 * is far above what a reader types, and far below the thousands of queries that probing an index
 * word by word takes; counted in the database as log-ins are (docs/decisions/0005).
 */
export function searchRateLimits(searchesPerMinute: number): { perAddress: RateLimit; perReader: RateLimit } {
  return {
    perAddress: { name: 'search:ip', limit: searchesPerMinute, windowMs: 60_000 },
    perReader: { name: 'search:reader', limit: searchesPerMinute, windowMs: 60_000 },
  };
}

type Searcher = { reader: Reader; address: string };

/** Counts one search; the limit it exceeded (with when to try again), or null when it may go ahead. */
export async function countSearch(
  db: Database,
  { reader, address }: Searcher,
  { searchesPerMinute, now }: { searchesPerMinute: number; now: Date },
): Promise<RateLimitResult | null> {
  const limits = searchRateLimits(searchesPerMinute);
  const counted: [RateLimit, string][] = [[limits.perAddress, address]];
  if ('readerId' in reader) counted.push([limits.perReader, String(reader.readerId)]);
  for (const [rule, subject] of counted) {
    const result = await consumeRateLimit(db, rule, subject, now);
    if (!result.isAllowed) return result;
  }
  return null;
}

/** What a reader who searched too often is told, on the site and through the API. */
export function tooManySearchesMessage(retryAfterSeconds: number): string {
  return `Too many searches in a short time. Please wait ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'} and try again.`;
}
