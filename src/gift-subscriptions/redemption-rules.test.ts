import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeRedemptionCode, planRedemption } from './redemption-rules.ts';

const at = (text: string) => new Date(text);
const signed = { kind: 'signed' as const, giftId: 5, nonce: 'abcdefghijklmnop' };
const paid = {
  id: 5,
  nonce: 'abcdefghijklmnop',
  paidAt: at('2026-12-01T10:00:00Z'),
  deliveredAt: null,
  redeemedAt: null,
  redeemedBy: null,
  accessUntil: null,
  revokedAt: null,
  revokeReason: null,
};
const delivered = { ...paid, deliveredAt: at('2026-12-24T05:00:00Z') };
const redeemed = { ...delivered, redeemedAt: at('2026-12-25T09:00:00Z'), redeemedBy: 7, accessUntil: at('2027-03-25T09:00:00Z') };

describe('checking a redemption code', () => {
  it('redeems a paid gift, delivered or not, for anyone signed in or not', () => {
    for (const stored of [paid, delivered]) {
      for (const readerId of [null, 7]) assert.deepEqual(judgeRedemptionCode({ claim: signed, stored, readerId }), { kind: 'redeemable', giftId: 5 });
    }
  });

  it('says a code is altered when it is not ours, names no gift, or another purchase’s random part', () => {
    assert.deepEqual(judgeRedemptionCode({ claim: { kind: 'altered' }, stored: paid, readerId: null }), { kind: 'refused', reason: 'altered' });
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: null, readerId: null }), { kind: 'refused', reason: 'altered' });
    assert.deepEqual(judgeRedemptionCode({ claim: { ...signed, nonce: 'ponmlkjihgfedcba' }, stored: paid, readerId: null }), {
      kind: 'refused',
      reason: 'altered',
    });
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: { ...paid, id: 6 }, readerId: null }), { kind: 'refused', reason: 'altered' });
  });

  it('says a code is used when someone else redeemed it, and tells its redeemer it is theirs', () => {
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: redeemed, readerId: 8 }), { kind: 'refused', reason: 'used' });
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: redeemed, readerId: null }), { kind: 'refused', reason: 'used' });
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: redeemed, readerId: 7 }), {
      kind: 'redeemed-by-you',
      giftId: 5,
      accessUntil: redeemed.accessUntil,
    });
  });

  it('says a code is used once its redeemer’s account is erased, to a signed-out reader too', () => {
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: { ...redeemed, redeemedBy: null }, readerId: null }), { kind: 'refused', reason: 'used' });
  });

  it('says a code is revoked, even when it was used before, and waits for an unconfirmed payment', () => {
    for (const stored of [paid, delivered, redeemed]) {
      assert.deepEqual(
        judgeRedemptionCode({ claim: signed, stored: { ...stored, revokedAt: at('2027-01-01T00:00:00Z'), revokeReason: 'Refunded' }, readerId: 7 }),
        { kind: 'refused', reason: 'revoked' },
      );
    }
    assert.deepEqual(judgeRedemptionCode({ claim: signed, stored: { ...paid, paidAt: null }, readerId: null }), {
      kind: 'refused',
      reason: 'awaiting-payment',
    });
  });
});

describe('planning a redemption', () => {
  const now = at('2027-01-10T12:00:00Z');

  it('begins access now for a reader without any', () => {
    assert.deepEqual(planRedemption({ hasPaidSubscription: false, giftAccessUntil: null }, now), { kind: 'grant', startsAt: now });
  });

  it('refuses a reader who pays for a subscription', () => {
    assert.deepEqual(planRedemption({ hasPaidSubscription: true, giftAccessUntil: null }, now), { kind: 'refused', reason: 'already-subscribed' });
    assert.deepEqual(planRedemption({ hasPaidSubscription: true, giftAccessUntil: at('2027-02-01T00:00:00Z') }, now), {
      kind: 'refused',
      reason: 'already-subscribed',
    });
  });

  it('adds a second gift after the first one’s end, and begins now when the first has ended', () => {
    const until = at('2027-02-01T00:00:00Z');
    assert.deepEqual(planRedemption({ hasPaidSubscription: false, giftAccessUntil: until }, now), { kind: 'grant', startsAt: until });
    assert.deepEqual(planRedemption({ hasPaidSubscription: false, giftAccessUntil: at('2027-01-01T00:00:00Z') }, now), { kind: 'grant', startsAt: now });
  });
});
