import type { AccountSource } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import { countReaders, hasLiveComplimentaryAccess, whereReaderMatches, type ReaderFilter } from './reader-filter.ts';
import { readerStateOf, type ReaderState } from './reader-state.ts';

/** Readers on one page of the desk's list. */
export const readerPageSize = 50;

/** One line of the desk's list: who the reader is and where they stand. */
export type ReaderListing = {
  id: number;
  email: string;
  name: string;
  signedUpAt: Date;
  source: AccountSource;
  state: ReaderState;
  /** The plan of the newest subscription, live or ended; null for a reader who never subscribed. */
  planName: string | null;
  /** When the newest subscription's paid period or trial ends (renews, or access runs out). */
  periodEnd: Date | null;
  /** Since when the newest subscription's payments have been failing, while it is past due. */
  pastDueSince: Date | null;
};

/**
 * One page of the readers the filter finds, newest sign-ups first, with how many it finds in
 * all. The order ends on the id, so a page holds still while readers sign up with the same time.
 */
export async function listReaders(
  db: Database,
  { filter, page, now }: { filter: ReaderFilter; page: number; now: Date },
): Promise<{ total: number; readers: ReaderListing[] }> {
  const [total, rows] = await Promise.all([
    countReaders(db, filter, now),
    whereReaderMatches(db.selectFrom('accounts'), filter, now)
      .select((eb) => {
        const latest = eb.selectFrom('subscriptions as latest').whereRef('latest.account_id', '=', 'accounts.id').orderBy('latest.id', 'desc').limit(1);
        return [
          'accounts.id',
          'accounts.email',
          'accounts.name',
          'accounts.created_at',
          'accounts.source',
          latest.select('latest.status').as('latest_status'),
          latest.select('latest.current_period_end').as('period_end'),
          latest.select('latest.past_due_since').as('past_due_since'),
          latest.innerJoin('plans', 'plans.id', 'latest.plan_id').select('plans.name').as('plan_name'),
          eb.case().when(hasLiveComplimentaryAccess(eb, now)).then(1).else(0).end().as('is_complimentary'),
        ];
      })
      .orderBy('accounts.created_at', 'desc')
      .orderBy('accounts.id', 'desc')
      .limit(readerPageSize)
      .offset((page - 1) * readerPageSize)
      .execute(),
  ]);
  return {
    total,
    readers: rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      signedUpAt: new Date(row.created_at),
      source: row.source,
      state: readerStateOf({
        latestSubscription: row.latest_status ?? null,
        hasComplimentaryAccess: Number(row.is_complimentary) === 1,
      }),
      planName: row.plan_name ?? null,
      periodEnd: row.period_end ? new Date(row.period_end) : null,
      pastDueSince: row.past_due_since ? new Date(row.past_due_since) : null,
    })),
  };
}
