import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { decodeMeterCookie, deriveMeterCookieKey, encodeMeterCookie, type MeterCookieKey } from './meter-cookie.ts';
import type { Meter } from './meter.ts';

const key = deriveMeterCookieKey('a-server-secret-of-more-than-thirty-two-characters');
const otherKey = deriveMeterCookieKey('another-server-secret-of-more-than-thirty-two-chars');
const meter: Meter = { period: '2026-11', articleIds: [3, 17, 1000] };

function forge(payload: string, signingKey: MeterCookieKey): string {
  return `${payload}.${createHmac('sha256', signingKey.secret).update(payload).digest('base64url')}`;
}

describe('the anonymous meter cookie', () => {
  it('gives back exactly the meter that was signed', () => {
    const cookie = encodeMeterCookie(meter, key);
    assert.match(cookie, /^m1\.2026-11\.3-h-rs\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(decodeMeterCookie(cookie, key), meter);
    assert.deepEqual(decodeMeterCookie(encodeMeterCookie({ period: '2026-11', articleIds: [] }, key), key), { period: '2026-11', articleIds: [] });
  });

  it('reads a cookie signed with another secret as no meter', () => {
    assert.equal(decodeMeterCookie(encodeMeterCookie(meter, otherKey), key), null);
  });

  it('reads a tampered cookie as no meter: fewer ids, another period, another signature', () => {
    const cookie = encodeMeterCookie(meter, key);
    const signature = cookie.split('.')[3];
    assert.equal(decodeMeterCookie(`m1.2026-11.3.${signature}`, key), null);
    assert.equal(decodeMeterCookie(`m1.2026-12.3-h-rs.${signature}`, key), null);
    assert.equal(decodeMeterCookie(cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A'), key), null);
  });

  it('reads a truncated or oversized cookie as no meter', () => {
    const cookie = encodeMeterCookie(meter, key);
    for (let length = 0; length < cookie.length; length += 1) assert.equal(decodeMeterCookie(cookie.slice(0, length), key), null);
    const many = { period: '2026-11', articleIds: Array.from({ length: 101 }, (_, index) => index + 1) };
    assert.equal(decodeMeterCookie(encodeMeterCookie(many, key), key), null);
    assert.equal(decodeMeterCookie(`${cookie}${'x'.repeat(5000)}`, key), null);
  });

  it('reads ids out of order or repeated as no meter, even when properly signed', () => {
    assert.equal(decodeMeterCookie(forge('m1.2026-11.h-3', key), key), null);
    assert.equal(decodeMeterCookie(forge('m1.2026-11.3-3', key), key), null);
    assert.equal(decodeMeterCookie(forge('m1.2026-11.0', key), key), null);
    assert.equal(decodeMeterCookie(forge('m1.2026-13.3', key), key), null);
  });

  it("keeps last month's period, so the decision can start the new month afresh", () => {
    const october = { period: '2026-10', articleIds: [1, 2, 3] };
    assert.deepEqual(decodeMeterCookie(encodeMeterCookie(october, key), key), october);
  });

  it('decodes any string at all to no meter or to a meter that was signed with the key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const decoded = decodeMeterCookie(text, key);
        return decoded === null || encodeMeterCookie(decoded, key) === text;
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every meter it can hold', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 100 }), (ids) => {
        const signed = { period: '2027-01', articleIds: ids.sort((a, b) => a - b) };
        assert.deepEqual(decodeMeterCookie(encodeMeterCookie(signed, key), key), signed);
      }),
    );
  });
});
