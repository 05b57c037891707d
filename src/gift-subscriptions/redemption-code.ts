import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The redemption code of a gift subscription, in its redemption link. It is signed with a key derived
 * from the server secret over the gift's id and a random part (the gift link's token does the same,
 * src/gifts/gift-token.ts). So an altered code is told apart before any database lookup, and a
 * leaked table of gifts, which holds the random parts, redeems nothing without the secret.
 *
 * Format: gs1.<gift id in base 36>.<random, 12 bytes base64url>.<HMAC-SHA256, base64url>
 * where the HMAC covers "gs1.<gift id>.<random>".
 */
export type RedemptionCodeKey = KeyObject;

const codePattern = /^gs1\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
export const maximumRedemptionCodeLength = 4 + 11 + 1 + 16 + 1 + 43;

export function deriveRedemptionCodeKey(secret: string): RedemptionCodeKey {
  return createSecretKey(createHmac('sha256', secret).update('dateline/gift-subscription/v1').digest());
}

export function newRedemptionNonce(): string {
  return randomBytes(12).toString('base64url');
}

function signatureOf(key: RedemptionCodeKey, id: string, nonce: string): string {
  return createHmac('sha256', key).update(`gs1.${id}.${nonce}`).digest('base64url');
}

export function signRedemptionCode({ giftId, nonce }: { giftId: number; nonce: string }, key: RedemptionCodeKey): string {
  const id = giftId.toString(36);
  return `gs1.${id}.${nonce}.${signatureOf(key, id, nonce)}`;
}

/** What a code says: the gift it names and its random part (to compare with the gift's), or 'altered' for one malformed or not signed by us. */
export type RedemptionClaim = { kind: 'signed'; giftId: number; nonce: string } | { kind: 'altered' };

export function readRedemptionCode(text: string, key: RedemptionCodeKey): RedemptionClaim {
  if (text.length > maximumRedemptionCodeLength) return { kind: 'altered' };
  const match = codePattern.exec(text);
  if (!match) return { kind: 'altered' };
  const [, id = '', nonce = '', signature = ''] = match;
  const expected = Buffer.from(signatureOf(key, id, nonce));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'altered' };
  const giftId = Number.parseInt(id, 36);
  if (!Number.isSafeInteger(giftId) || giftId < 1) return { kind: 'altered' };
  return { kind: 'signed', giftId, nonce };
}
