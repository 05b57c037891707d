import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { maximumMeterLimit } from './access-settings.ts';
import { isPeriod, type Meter } from './meter.ts';

/**
 * The anonymous reader's meter lives in their browser: the period and the ids read, signed with a
 * key derived from the server secret, so a read costs no database write and no reader can grant
 * themselves more. Anything that does not verify exactly reads as no meter at all.
 *
 * Format: m1.<YYYY-MM>.<ids in base 36, ascending, joined by "-">.<HMAC-SHA256, base64url>
 */
export const meterCookieName = 'dl_meter';

const maximumCookieLength = 20 + maximumMeterLimit * 8 + 44;
const cookiePattern = /^m1\.(\d{4}-\d{2})\.([0-9a-z]{1,11}(?:-[0-9a-z]{1,11})*)?\.([A-Za-z0-9_-]{43})$/;

export type MeterCookieKey = {
  // A KeyObject rather than bytes: an HMAC keyed with one is several times cheaper to start.
  secret: KeyObject;
  /**
   * Signatures of recent payloads. When a story spreads, thousands of new readers carry the same
   * first-read meter; its signature is worked out once.
   */
  signatures: LRUCache<string, string>;
};

/** A key for meter cookies alone, derived from the server secret. */
export function deriveMeterCookieKey(secret: string): MeterCookieKey {
  return {
    secret: createSecretKey(createHmac('sha256', secret).update('dateline/meter-cookie/v1').digest()),
    signatures: new LRUCache({ max: 10_000 }),
  };
}

function sign(key: MeterCookieKey, payload: string): string {
  let signature = key.signatures.get(payload);
  if (signature === undefined) {
    signature = createHmac('sha256', key.secret).update(payload).digest('base64url');
    key.signatures.set(payload, signature);
  }
  return signature;
}

export function encodeMeterCookie(meter: Meter, key: MeterCookieKey): string {
  const payload = `m1.${meter.period}.${meter.articleIds.map((id) => id.toString(36)).join('-')}`;
  return `${payload}.${sign(key, payload)}`;
}

/** The meter a cookie carries, or null for a cookie that is missing, forged, reordered or malformed. */
export function decodeMeterCookie(value: string | undefined, key: MeterCookieKey): Meter | null {
  if (value === undefined || value.length > maximumCookieLength) return null;
  const match = cookiePattern.exec(value);
  if (!match) return null;
  const [, period = '', ids = '', signature = ''] = match;
  const payload = `m1.${period}.${ids}`;
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!isPeriod(period)) return null;
  const articleIds = ids === '' ? [] : ids.split('-').map((id) => Number.parseInt(id, 36));
  if (articleIds.length > maximumMeterLimit) return null;
  for (const [index, id] of articleIds.entries()) {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const previous = articleIds[index - 1];
    if (previous !== undefined && previous >= id) return null;
  }
  return { period, articleIds };
}
