import type { Visitor } from '../access/meter-cookie.ts';
import type { InsightEvent } from '../insights/insight-event.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import { articleOfEvent, readEventsOf, type ReadQuestion } from '../insights/read-events.ts';
import { accountReader, type ReaderName, visitorReader } from '../insights/reader-key.ts';
import type { Visit } from '../insights/visit-source.ts';
import type { Article } from '../content/article.ts';

/**
 * Who made a request, as the ledger is told: their account when signed in, else their browser's
 * visitor for the month; null for a browser the site has not named (no meter cookie yet, and none
 * set by this answer), so a reader nobody can follow is not made up on every request.
 */
export function readerNameOf({ accountId, visitor, at }: { accountId: number | null; visitor: Visitor | null; at: Date }): ReaderName | null {
  if (accountId !== null) return accountReader(accountId);
  return visitor === null ? null : visitorReader(visitor.id, at);
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
    anonymousReader: readerNameOf({ accountId: null, visitor, at }),
    reader: accountReader(accountId),
    visit,
    at,
    onceKey: `account-${accountId}`,
  });
}

/** Records what one read of an article decided (read-events.ts): pushed onto the ledger's buffer, so the page waits for nothing. */
export function recordReadInsights(
  ledger: InsightLedger,
  { article, readerName, visit, at, ...question }: Omit<ReadQuestion, 'article'> & { article: Article; readerName: ReaderName | null; visit: Visit; at: Date },
): void {
  const events = readEventsOf({ ...question, article });
  if (events.length === 0) return;
  const about = articleOfEvent(article);
  for (const event of events) ledger.record({ ...event, article: about, visit, at, reader: readerName } satisfies InsightEvent);
}

/** A reader confirmed a newsletter sign-up: once per confirmation, as the link it came by works once. */
export function recordNewsletterSignUp(ledger: InsightLedger, { accountId, visit, at }: { accountId: number; visit: Visit; at: Date }): void {
  ledger.record({ kind: 'newsletter-signup', reader: accountReader(accountId), visit, at });
}
