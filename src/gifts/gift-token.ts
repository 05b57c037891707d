import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The token of a gift link, in the link's `gift` parameter. It is signed with a key derived from the
 * server secret over the article it opens and its expiry, and carries a random part that the
 * database knows only by its hash (src/accounts/tokens.ts). So a token that was tampered with, or
 * that is pasted onto another article's address, is refused before any database lookup, and a leaked
 * table of gift links opens nothing.
 *
 * Format: g1.<expiry, seconds since 1970 in base 36>.<random, 18 bytes base64url>.<HMAC-SHA256, base64url>
 * where the HMAC covers "g1.<article id>.<expiry>.<random>".
 */
export type GiftLinkKey = KeyObject;

/** What a token that verifies says: the token (to look its row up by) and when it stops opening. */
export type GiftClaim = { token: string; expiresAt: Date };

const tokenPattern = /^g1\.([0-9a-z]{1,9})\.([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/;
export const maximumGiftTokenLength = 3 + 9 + 1 + 24 + 1 + 43;

export function deriveGiftLinkKey(secret: string): GiftLinkKey {
  return createSecretKey(createHmac('sha256', secret).update('dateline/gift-link/v1').digest());
}

export function newGiftNonce(): string {
  return randomBytes(18).toString('base64url');
}

function signatureOf(key: GiftLinkKey, articleId: number, expiry: string, nonce: string): string {
  return createHmac('sha256', key).update(`g1.${articleId}.${expiry}.${nonce}`).digest('base64url');
}

export function signGiftToken({ articleId, expiresAt, nonce }: { articleId: number; expiresAt: Date; nonce: string }, key: GiftLinkKey): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `g1.${expiry}.${nonce}.${signatureOf(key, articleId, expiry, nonce)}`;
}

/** The claim of a token signed for this article, or null for one that is malformed, forged, or for another article. */
export function readGiftToken(text: string, articleId: number, key: GiftLinkKey): GiftClaim | null {
  if (text.length > maximumGiftTokenLength) return null;
  const match = tokenPattern.exec(text);
  if (!match) return null;
  const [, expiry = '', nonce = '', signature = ''] = match;
  const expected = Buffer.from(signatureOf(key, articleId, expiry, nonce));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { token: text, expiresAt: new Date(Number.parseInt(expiry, 36) * 1000) };
}
