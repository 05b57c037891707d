/** A published article that matches a query: its id, how well it matches (higher is better), when it was published. */
export type SearchMatch = { id: number; score: number; publishedAt: string };

/** How many of the latest matches are counted and ranked. */
export const countedMatchesLimit = 1_000;

/**
 * One page of results from the latest matches. A common word can match most of an archive, and
 * ranking all of it would cost a newsroom's search its speed; readers of news want the recent
 * articles anyway, so the latest `countedMatchesLimit` matches (by id, newest first, one more to
 * know there are more) are ranked by score, then by publication time.
 */
export function rankLatestMatches(
  latestFirst: readonly SearchMatch[],
  { limit, offset }: { limit: number; offset: number },
): { total: number; isTotalCapped: boolean; ids: number[] } {
  const ranked = latestFirst.slice(0, countedMatchesLimit).sort((a, b) => b.score - a.score || b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id);
  return {
    total: ranked.length,
    isTotalCapped: latestFirst.length > countedMatchesLimit,
    ids: ranked.slice(offset, offset + limit).map((match) => match.id),
  };
}
