import type { Visitor } from '../access/meter-cookie.ts';
import type { InsightEvent } from '../insights/insight-event.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import { articleOfEvent, readEventsOf, type ReadQuestion } from '../insights/read-events.ts';
import type { Visit } from '../insights/visit-source.ts';
import type { Article } from '../content/article.ts';

/**
 * The ledger's key for whoever made a request: their account's when signed in, else their
 * browser's visitor for the month; null for a browser the site has not named (no meter cookie yet,
 * and none set by this answer), so a reader nobody can follow is not made up on every request.
 */
export function readerKeyOf(ledger: InsightLedger, { accountId, visitor, at }: { accountId: number | null; visitor: Visitor | null; at: Date }): string | null {
  if (accountId !== null) return ledger.keys.ofAccount(accountId);
  return visitor === null ? null : ledger.keys.ofVisitor(visitor.id, at);
}

/**
 * A reader has registered: their account's key, with the key their browser had this month, so what
 * they read before registering counts towards what they did after. Once per account.
 */
export function recordRegistration(
  ledger: InsightLedger,
  { accountId, visitor, visit, at }: { accountId: number; visitor: Visitor | null; visit: Visit; at: Date },
): void {
  ledger.record({
    kind: 'registered',
    anonymousKey: readerKeyOf(ledger, { accountId: null, visitor, at }),
    readerKey: ledger.keys.ofAccount(accountId),
    visit,
    at,
    onceKey: `account-${accountId}`,
  });
}

/** Records what one read of an article decided (read-events.ts): pushed onto the ledger's buffer, so the page waits for nothing. */
export function recordReadInsights(
  ledger: InsightLedger,
  { article, readerKey, visit, at, ...question }: Omit<ReadQuestion, 'article'> & { article: Article; readerKey: string | null; visit: Visit; at: Date },
): void {
  const events = readEventsOf({ ...question, article });
  if (events.length === 0) return;
  const about = articleOfEvent(article);
  for (const event of events) ledger.record({ ...event, article: about, visit, at, readerKey } satisfies InsightEvent);
}
