import type { Reader } from '../access/reader.ts';
import { findAccountRowById, toAccount } from '../accounts/account-repository.ts';
import type { Account } from '../accounts/account.ts';
import type { Article } from '../content/article.ts';
import type { Database } from '../db/database.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import { articleOfEvent } from '../insights/read-events.ts';
import { accountReader } from '../insights/reader-key.ts';
import type { Visit } from '../insights/visit-source.ts';
import { readNewsletterToken, type NewsletterLinkKey } from './newsletter-link.ts';
import { judgeNewsletterLink, type LinkOpener } from './newsletter-link-judgement.ts';
import { findLinkedDelivery, recordNewsletterClick } from './newsletter-link-repository.ts';

/**
 * A newsletter link that reads as its recipient: their copy, their account and what it may read,
 * and the visit it makes (the newsletter's, named by its slug, which the meter rules and the
 * ledger go by).
 */
export type CreditedLink = { deliveryId: number; recipient: Account; reader: Reader; visit: Visit };

/**
 * Opens the `nl` token on an article's address: the recipient's read when the link is good and
 * nobody else is reading, else null, and the page is the ordinary one as if there were no token.
 * `readerOf` is how the site tells what an account may read (subscriptions, complimentary access,
 * roles), passed in so that a link is judged by the same rules as a session.
 */
export async function openNewsletterLink(
  { db, newsletterLinkKey, readerOf }: { db: Database; newsletterLinkKey: NewsletterLinkKey; readerOf: (account: Account) => Promise<Reader> },
  { token, articleId, opener, now }: { token: string; articleId: number; opener: LinkOpener; now: Date },
): Promise<CreditedLink | null> {
  const claim = readNewsletterToken(token, { articleId, now }, newsletterLinkKey);
  const delivery = claim === null ? null : await findLinkedDelivery(db, { deliveryId: claim.deliveryId, articleId });
  const verdict = judgeNewsletterLink({ claim, delivery, opener });
  if (verdict.kind === 'ordinary' || delivery === null) return null;
  const row = await findAccountRowById(db, verdict.recipientId);
  if (row === undefined) return null;
  const recipient = toAccount(row);
  return { deliveryId: verdict.deliveryId, recipient, reader: await readerOf(recipient), visit: { source: 'newsletter', campaign: delivery.newsletterSlug } };
}

/** Counts the click on the recipient's copy and tells the ledger, once their read is decided. */
export async function countNewsletterClick(
  { db, insights }: { db: Database; insights: InsightLedger },
  { link, article, now }: { link: CreditedLink; article: Pick<Article, 'id' | 'section' | 'authors'>; now: Date },
): Promise<void> {
  await recordNewsletterClick(db, { deliveryId: link.deliveryId, now });
  insights.record({ kind: 'newsletter-click', article: articleOfEvent(article), reader: accountReader(link.recipient.id), visit: link.visit, at: now });
}
