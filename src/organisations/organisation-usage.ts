import type { Database } from '../db/database.ts';
import type { ReaderKeys } from '../insights/reader-key.ts';
import { foldUsageReport, monthsEndingAt, type UsageMonth } from './usage-report.ts';

/** How many months the report looks back, the current one included: a year, for a yearly renewal. */
export const reportMonths = 12;

/**
 * The organisation's usage by month from the insights ledger: its members' reads, found by the keys
 * the ledger keeps for their accounts (the ledger holds no account ids), while they held a seat.
 */
export async function readUsageReport(db: Database, keys: ReaderKeys, { organisationId, now }: { organisationId: number; now: Date }): Promise<UsageMonth[]> {
  const months = monthsEndingAt(now, reportMonths);
  const seatRows = await db
    .selectFrom('organisation_members')
    .select(['account_id', 'joined_at', 'removed_at'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const seats = seatRows.map((row) => ({
    readerKey: keys.ofAccount(row.account_id),
    joinedAt: new Date(row.joined_at),
    removedAt: row.removed_at === null ? null : new Date(row.removed_at),
  }));
  const readerKeys = [...new Set(seats.map(({ readerKey }) => readerKey))];
  if (readerKeys.length === 0) return foldUsageReport({ seats, reads: [], months });
  const from = `${months[0]}-01T00:00:00.000Z`;
  const reads = [];
  // A statement's parameters are bounded (SQLite's 32766): the keys go in slices.
  for (let start = 0; start < readerKeys.length; start += 500) {
    const rows = await db
      .selectFrom('insight_events')
      .select(['reader_key', 'occurred_at', 'article_id'])
      .where('kind', '=', 'article-read')
      .where('occurred_at', '>=', from)
      .where('reader_key', 'in', readerKeys.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      if (row.reader_key !== null && row.article_id !== null)
        reads.push({ readerKey: row.reader_key, at: new Date(row.occurred_at), articleId: row.article_id });
    }
  }
  return foldUsageReport({ seats, reads, months });
}
