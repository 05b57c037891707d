import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export type CookieSigner = {
  sign: (value: string) => string;
  unsign: (signed: string) => { valid: true; renew: false; value: string } | { valid: false; renew: false; value: null };
};

const invalid = { valid: false, renew: false, value: null } as const;

/**
 * Signs cookies exactly as @fastify/cookie's own signer does (value, dot, unpadded base64 HMAC-SHA256),
 * but keyed with a KeyObject, which makes each signature several times cheaper, and remembering the
 * cookies it has lately found valid: every signed-in page checks the reader's form-token cookie.
 */
export function createCookieSigner(secret: string): CookieSigner {
  const key = createSecretKey(Buffer.from(secret));
  const signatureOf = (value: string) => createHmac('sha256', key).update(value).digest('base64').replace(/=+$/, '');
  const lately = new LRUCache<string, string>({ max: 10_000 });
  return {
    sign: (value) => `${value}.${signatureOf(value)}`,
    unsign(signed) {
      const known = lately.get(signed);
      if (known !== undefined) return { valid: true, renew: false, value: known };
      const dot = signed.lastIndexOf('.');
      if (dot === -1 || dot === signed.length - 1) return invalid;
      const value = signed.slice(0, dot);
      const given = Buffer.from(signed.slice(dot + 1));
      const expected = Buffer.from(signatureOf(value));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
      lately.set(signed, value);
      return { valid: true, renew: false, value };
    },
  };
}
