import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import {
  decodeMeterCookie,
  deriveMeterCookieKey,
  encodeMeterCookie,
  isWritableVisitor,
  newVisitor,
  type MeterCookieKey,
  type Visitor,
} from './meter-cookie.ts';
import type { Meter } from './meter.ts';

const key = deriveMeterCookieKey('a-server-secret-of-more-than-thirty-two-characters');
const otherKey = deriveMeterCookieKey('another-server-secret-of-more-than-thirty-two-chars');
const meter: Meter = { period: '2026-11', articleIds: [3, 17, 1000] };
const visitor: Visitor = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  assignments: [
    { experimentId: 2, variant: 'control' },
    { experimentId: 40, variant: 'b' },
  ],
};

const signatureOf = (payload: string, signingKey: MeterCookieKey) => createHmac('sha256', signingKey.secret).update(payload).digest('base64url');

/** A cookie of the earlier formats, whose signature covers all of it. */
function forge(payload: string, signingKey: MeterCookieKey): string {
  return `${payload}.${signatureOf(payload, signingKey)}`;
}

/** A cookie of the current format, signed as the server signs it: all but the visitor id. */
function forgeCurrent({ period, ids, visitorId, assignments }: { period: string; ids: string; visitorId: string; assignments: string }): string {
  return `m3.${period}.${ids}.${visitorId}.${assignments}.${signatureOf(`m3.${period}.${ids}.${assignments}`, key)}`;
}

describe('the anonymous meter cookie', () => {
  it('gives back exactly the meter and the visitor that were signed', () => {
    const cookie = encodeMeterCookie({ meter, visitor }, key);
    assert.match(cookie, /^m3\.2026-11\.3-h-rs\.A{22}\.2_control-14_b\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(decodeMeterCookie(cookie, key), { meter, visitor });
    const fresh = newVisitor();
    assert.deepEqual(decodeMeterCookie(encodeMeterCookie({ meter: { period: '2026-11', articleIds: [] }, visitor: fresh }, key), key), {
      meter: { period: '2026-11', articleIds: [] },
      visitor: fresh,
    });
  });

  it('still reads cookies of the earlier formats, so a meter set before keeps counting: m1 names no visitor, m2 signed its visitor too', () => {
    assert.deepEqual(decodeMeterCookie(forge('m1.2026-11.3-h-rs', key), key), { meter, visitor: null });
    assert.equal(decodeMeterCookie(forge('m1.2026-11.3-h-rs', otherKey), key), null);
    assert.deepEqual(decodeMeterCookie(forge(`m2.2026-11.3-h-rs.${visitor.id}.2_control-14_b`, key), key), { meter, visitor });
    const m2 = forge(`m2.2026-11.3-h-rs.${visitor.id}.2_control-14_b`, key);
    assert.equal(decodeMeterCookie(m2.replace(visitor.id, 'B'.repeat(22)), key), null);
  });

  it('signs the meter and the variants, not the visitor id, so every new reader of an article shares one signature', () => {
    const first = encodeMeterCookie({ meter, visitor: newVisitor() }, key);
    const second = encodeMeterCookie({ meter, visitor: newVisitor() }, key);
    assert.notEqual(first, second);
    assert.equal(first.split('.').at(-1), second.split('.').at(-1));
  });

  it('takes a cookie whose visitor id was changed for another browser, with the meter and the variants it was signed with', () => {
    const changed = encodeMeterCookie({ meter, visitor }, key).replace(visitor.id, 'B'.repeat(22));
    assert.deepEqual(decodeMeterCookie(changed, key), { meter, visitor: { ...visitor, id: 'B'.repeat(22) } });
  });

  it('gives every new browser its own random visitor id with no assignments', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newVisitor().id));
    assert.equal(ids.size, 1000);
    assert.ok([...ids].every((id) => /^[A-Za-z0-9_-]{22}$/.test(id)));
  });

  it('reads a cookie signed with another secret as no meter', () => {
    assert.equal(decodeMeterCookie(encodeMeterCookie({ meter, visitor }, otherKey), key), null);
  });

  it('reads a tampered cookie as no meter: fewer ids, another period, another variant, another format, another signature', () => {
    const cookie = encodeMeterCookie({ meter, visitor }, key);
    const signature = cookie.split('.').at(-1);
    assert.equal(decodeMeterCookie(`m3.2026-11.3.${visitor.id}.2_control-14_b.${signature}`, key), null);
    assert.equal(decodeMeterCookie(`m3.2026-12.3-h-rs.${visitor.id}.2_control-14_b.${signature}`, key), null);
    assert.equal(decodeMeterCookie(`m3.2026-11.3-h-rs.${visitor.id}.2_b-14_b.${signature}`, key), null);
    assert.equal(decodeMeterCookie(`m2.2026-11.3-h-rs.${visitor.id}.2_control-14_b.${signature}`, key), null);
    assert.equal(decodeMeterCookie(cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A'), key), null);
  });

  it('reads a truncated or oversized cookie as no meter', () => {
    const cookie = encodeMeterCookie({ meter, visitor }, key);
    for (let length = 0; length < cookie.length; length += 1) assert.equal(decodeMeterCookie(cookie.slice(0, length), key), null);
    const many = { period: '2026-11', articleIds: Array.from({ length: 101 }, (_, index) => index + 1) };
    assert.equal(decodeMeterCookie(encodeMeterCookie({ meter: many, visitor }, key), key), null);
    assert.equal(decodeMeterCookie(`${cookie}${'x'.repeat(5000)}`, key), null);
  });

  it('reads ids or experiments out of order or repeated as no meter, even when properly signed', () => {
    const signed = (period: string, ids: string, assignments: string) => forgeCurrent({ period, ids, visitorId: visitor.id, assignments });
    assert.equal(decodeMeterCookie(signed('2026-11', 'h-3', ''), key), null);
    assert.equal(decodeMeterCookie(signed('2026-11', '3-3', ''), key), null);
    assert.equal(decodeMeterCookie(signed('2026-11', '0', ''), key), null);
    assert.equal(decodeMeterCookie(signed('2026-13', '3', ''), key), null);
    assert.equal(decodeMeterCookie(signed('2026-11', '3', '5_a-2_b'), key), null);
    assert.equal(decodeMeterCookie(signed('2026-11', '3', '5_a-5_b'), key), null);
    assert.equal(decodeMeterCookie(signed('2026-11', '3', '0_a'), key), null);
    assert.ok(decodeMeterCookie(signed('2026-11', '3', '2_b-5_a'), key));
  });

  it('refuses to write a visitor it could not read back', () => {
    assert.equal(isWritableVisitor({ id: 'short', assignments: [] }), false);
    assert.equal(isWritableVisitor({ id: visitor.id, assignments: [{ experimentId: 3, variant: 'B' }] }), false);
    assert.equal(
      isWritableVisitor({
        id: visitor.id,
        assignments: [
          { experimentId: 3, variant: 'a' },
          { experimentId: 2, variant: 'b' },
        ],
      }),
      false,
    );
    assert.throws(() => encodeMeterCookie({ meter, visitor: { id: visitor.id, assignments: [{ experimentId: 1, variant: 'a-b' }] } }, key));
  });

  it("keeps last month's period, so the decision can start the new month afresh", () => {
    const october = { period: '2026-10', articleIds: [1, 2, 3] };
    assert.deepEqual(decodeMeterCookie(encodeMeterCookie({ meter: october, visitor }, key), key)?.meter, october);
  });

  it('decodes any string at all to no meter or to a meter and visitor that were signed with the key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const decoded = decodeMeterCookie(text, key);
        return decoded === null || (decoded.visitor !== null && encodeMeterCookie({ meter: decoded.meter, visitor: decoded.visitor }, key) === text);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every meter it can hold', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 100 }), (ids) => {
        const signed = { period: '2027-01', articleIds: ids.sort((a, b) => a - b) };
        assert.deepEqual(decodeMeterCookie(encodeMeterCookie({ meter: signed, visitor }, key), key), { meter: signed, visitor });
      }),
    );
  });
});
