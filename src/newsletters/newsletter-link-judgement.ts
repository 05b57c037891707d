import type { NewsletterClaim } from './newsletter-link.ts';

/** A delivery as far as judging its links goes: whose copy it is, whether its links were revoked, and whether its send carries the article opened. */
export type LinkedDelivery = { id: number; accountId: number; isRevoked: boolean; carriesArticle: boolean };

/**
 * Who opened the link, as the site already knows them: nobody (a mail client's browser, a forwarded
 * message), a signed-in reader by their account, or a search engine's verified crawler.
 */
export type LinkOpener = { kind: 'anonymous' } | { kind: 'signed-in'; accountId: number } | { kind: 'crawler' };

/** Why a newsletter link gave the ordinary page; the reader is told none of them. */
export type OrdinaryReason = 'invalid' | 'no-delivery' | 'other-article' | 'revoked' | 'another-reader' | 'crawler';

export type NewsletterLinkVerdict = { kind: 'credit'; deliveryId: number; recipientId: number } | { kind: 'ordinary'; reason: OrdinaryReason };

/**
 * Does this newsletter link read as its recipient? `claim` is the token as verified against the
 * article's id and the clock (null when it was malformed, forged, another article's or expired),
 * `delivery` the copy it names (null when there is none). A good link credits the recipient, and
 * only when nobody else is known to be reading: a signed-in reader reads as themselves (their own
 * link is credited to them), so one page never mixes two people's access (decision 0037), and a
 * crawler is never anyone's reader.
 */
export function judgeNewsletterLink({
  claim,
  delivery,
  opener,
}: {
  claim: NewsletterClaim | null;
  delivery: LinkedDelivery | null;
  opener: LinkOpener;
}): NewsletterLinkVerdict {
  if (claim === null) return { kind: 'ordinary', reason: 'invalid' };
  if (delivery === null || delivery.id !== claim.deliveryId) return { kind: 'ordinary', reason: 'no-delivery' };
  // The token is signed over the article, so this is a send that lost the article, or a link pasted across sends.
  if (!delivery.carriesArticle) return { kind: 'ordinary', reason: 'other-article' };
  if (delivery.isRevoked) return { kind: 'ordinary', reason: 'revoked' };
  if (opener.kind === 'crawler') return { kind: 'ordinary', reason: 'crawler' };
  if (opener.kind === 'signed-in' && opener.accountId !== delivery.accountId) return { kind: 'ordinary', reason: 'another-reader' };
  return { kind: 'credit', deliveryId: delivery.id, recipientId: delivery.accountId };
}
