import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The token on every article link in a newsletter, in the link's `nl` parameter: it names the
 * delivery (one recipient's copy of one send), is signed over the article it opens and its expiry
 * with a key derived from the server secret, and signs nobody in. Opening it credits the
 * recipient's meter and the meter rules for newsletter readers, and records the click; a token that
 * was altered, pasted onto another article's address or has expired is no token at all, and the
 * reader gets the ordinary page. Revoking is the delivery's own business (its row says so), so a
 * token that verifies is looked up before it is believed.
 *
 * Format: n1.<delivery id, base 36>.<expiry, seconds since 1970 in base 36>.<HMAC-SHA256, base64url,
 * first 128 bits> where the HMAC covers "n1.<article id>.<delivery id>.<expiry>".
 */
export type NewsletterLinkKey = KeyObject;

/** What a token that verifies says: whose copy of which send it came from, and until when it opens. */
export type NewsletterClaim = { deliveryId: number; expiresAt: Date };

const tokenPattern = /^n1\.([0-9a-z]{1,11})\.([0-9a-z]{1,9})\.([A-Za-z0-9_-]{22})$/;
export const maximumNewsletterTokenLength = 3 + 11 + 1 + 9 + 1 + 22;
/** Half the HMAC: a forger must still guess 128 bits, and the link stays short in a mail client. */
const signatureLength = 22;

export function deriveNewsletterLinkKey(secret: string): NewsletterLinkKey {
  return createSecretKey(createHmac('sha256', secret).update('dateline/newsletter-link/v1').digest());
}

function signatureOf(key: NewsletterLinkKey, articleId: number, delivery: string, expiry: string): string {
  return createHmac('sha256', key).update(`n1.${articleId}.${delivery}.${expiry}`).digest('base64url').slice(0, signatureLength);
}

export function signNewsletterToken(
  { articleId, deliveryId, expiresAt }: { articleId: number; deliveryId: number; expiresAt: Date },
  key: NewsletterLinkKey,
): string {
  if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0) throw new Error('A newsletter link names a delivery by its positive id');
  const delivery = deliveryId.toString(36);
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `n1.${delivery}.${expiry}.${signatureOf(key, articleId, delivery, expiry)}`;
}

/**
 * The claim of a token signed for this article and not expired at `now`, or null for one that is
 * malformed, forged, for another article, or past its expiry.
 */
export function readNewsletterToken(text: string, { articleId, now }: { articleId: number; now: Date }, key: NewsletterLinkKey): NewsletterClaim | null {
  if (text.length > maximumNewsletterTokenLength) return null;
  const match = tokenPattern.exec(text);
  if (!match) return null;
  const [, delivery = '', expiry = '', signature = ''] = match;
  const expected = Buffer.from(signatureOf(key, articleId, delivery, expiry));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const deliveryId = Number.parseInt(delivery, 36);
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0 || expiresAt.getTime() <= now.getTime()) return null;
  return { deliveryId, expiresAt };
}
