/** One seat as the report counts it: whose it was (their ledger key) and while it was held. */
export type SeatSpan = { readerKey: string; joinedAt: Date; removedAt: Date | null };

/** One read from the insights ledger: its reader's key, when, and which article. */
export type LedgerRead = { readerKey: string; at: Date; articleId: number };

/** A month of the report: members who read at least once while holding a seat, and the articles they read (each member's article once a month). */
export type UsageMonth = { month: string; activeMembers: number; articlesRead: number };

/** "2026-06" for any instant of June 2026, in UTC, as the ledger's months are. */
export function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The `count` months ending with the one `now` falls in, oldest first. */
export function monthsEndingAt(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - index), 1))));
}

/**
 * The monthly usage report: a read counts for the organisation only while its reader held a seat
 * (a member who left, or read before joining, read on their own account). Months without reads show
 * zeros, so a renewal's conversation sees the quiet months too.
 */
export function foldUsageReport({
  seats,
  reads,
  months,
}: {
  seats: readonly SeatSpan[];
  reads: readonly LedgerRead[];
  months: readonly string[];
}): UsageMonth[] {
  const byMonth = new Map(months.map((month) => [month, { members: new Set<string>(), articles: new Set<string>() }]));
  for (const read of reads) {
    const month = byMonth.get(monthOf(read.at));
    if (month === undefined) continue;
    const time = read.at.getTime();
    const isSeated = seats.some(
      (seat) => seat.readerKey === read.readerKey && seat.joinedAt.getTime() <= time && (seat.removedAt === null || time < seat.removedAt.getTime()),
    );
    if (!isSeated) continue;
    month.members.add(read.readerKey);
    month.articles.add(`${read.readerKey} ${read.articleId}`);
  }
  return months.map((month) => {
    const tally = byMonth.get(month);
    return { month, activeMembers: tally?.members.size ?? 0, articlesRead: tally?.articles.size ?? 0 };
  });
}
