import { countedMatchesLimit } from '../../search/rank-matches.ts';

/** "1 result", "1,204 results", or "More than 1,000 results" when the count stopped at its limit. */
export function resultCountLabel({ total, isTotalCapped }: { total: number; isTotalCapped: boolean }, locale: string): string {
  const number = new Intl.NumberFormat(locale);
  if (isTotalCapped) return `More than ${number.format(countedMatchesLimit)} results`;
  return total === 1 ? '1 result' : `${number.format(total)} results`;
}
