import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canRevokeGift, isDeliveryDue, isGiftAccessLive, isReminderDue, reminderDueAt, stateOfGiftSubscription } from './gift-subscription.ts';

const at = (text: string) => new Date(text);
const deliverAt = at('2026-12-24T05:00:00Z');
const unpaid = {
  deliverAt,
  paidAt: null,
  deliveredAt: null,
  redeemedAt: null,
  redeemedBy: null,
  accessUntil: null,
  reminderSentAt: null,
  revokedAt: null,
  revokeReason: null,
};
const paid = { ...unpaid, paidAt: at('2026-12-01T10:00:00Z') };
const delivered = { ...paid, deliveredAt: at('2026-12-24T05:01:00Z') };
const redeemed = { ...delivered, redeemedAt: at('2026-12-25T09:00:00Z'), redeemedBy: 7, accessUntil: at('2027-03-25T09:00:00Z') };
const revoked = { ...redeemed, revokedAt: at('2027-01-02T00:00:00Z'), revokeReason: 'Chargeback' };

describe('a gift subscription', () => {
  describe('its state', () => {
    it('waits for payment, is paid, delivered, redeemed', () => {
      assert.deepEqual(stateOfGiftSubscription(unpaid), { kind: 'awaiting-payment' });
      assert.deepEqual(stateOfGiftSubscription(paid), { kind: 'paid', paidAt: paid.paidAt });
      assert.deepEqual(stateOfGiftSubscription(delivered), { kind: 'delivered', deliveredAt: delivered.deliveredAt });
      assert.deepEqual(stateOfGiftSubscription(redeemed), {
        kind: 'redeemed',
        redeemedAt: redeemed.redeemedAt,
        readerId: 7,
        accessUntil: redeemed.accessUntil,
      });
    });

    it('stays redeemed once its recipient’s account is erased', () => {
      assert.deepEqual(stateOfGiftSubscription({ ...redeemed, redeemedBy: null }), {
        kind: 'redeemed',
        redeemedAt: redeemed.redeemedAt,
        readerId: null,
        accessUntil: redeemed.accessUntil,
      });
    });

    it('is redeemed when handed over before its delivery day, without a delivery', () => {
      assert.equal(
        stateOfGiftSubscription({ ...paid, redeemedAt: at('2026-12-02T00:00:00Z'), redeemedBy: 3, accessUntil: at('2027-03-02T00:00:00Z') }).kind,
        'redeemed',
      );
    });

    it('is revoked whatever came before, with the desk’s reason', () => {
      for (const gift of [unpaid, paid, delivered, redeemed]) {
        assert.deepEqual(stateOfGiftSubscription({ ...gift, revokedAt: revoked.revokedAt, revokeReason: 'Chargeback' }), {
          kind: 'revoked',
          revokedAt: revoked.revokedAt,
          reason: 'Chargeback',
        });
      }
    });
  });

  describe('its access', () => {
    it('holds from redemption until its end, and not at its end', () => {
      assert.equal(isGiftAccessLive(redeemed, at('2026-12-25T09:00:00Z')), true);
      assert.equal(isGiftAccessLive(redeemed, at('2027-03-25T08:59:59Z')), true);
      assert.equal(isGiftAccessLive(redeemed, at('2027-03-25T09:00:00Z')), false);
    });

    it('is none before redemption, and none once revoked', () => {
      for (const gift of [unpaid, paid, delivered, revoked]) assert.equal(isGiftAccessLive(gift, at('2027-01-10T00:00:00Z')), false);
    });
  });

  describe('its delivery', () => {
    it('is due from the start of its day, once paid', () => {
      assert.equal(isDeliveryDue(paid, at('2026-12-24T04:59:59Z')), false);
      assert.equal(isDeliveryDue(paid, deliverAt), true);
      assert.equal(isDeliveryDue(paid, at('2027-01-30T00:00:00Z')), true);
    });

    it('is not due unpaid, delivered, redeemed by hand or revoked', () => {
      const later = at('2027-01-01T00:00:00Z');
      const handedOver = { ...paid, redeemedAt: at('2026-12-02T00:00:00Z'), redeemedBy: 3, accessUntil: at('2027-03-02T00:00:00Z') };
      for (const gift of [unpaid, delivered, handedOver, { ...paid, revokedAt: later, revokeReason: 'Fraud' }]) assert.equal(isDeliveryDue(gift, later), false);
    });
  });

  describe('its reminder', () => {
    const reminderDays = 7;
    it('is due the given days before access ends', () => {
      assert.equal(reminderDueAt(at('2027-03-25T09:00:00Z'), 7).toISOString(), '2027-03-18T09:00:00.000Z');
      assert.equal(isReminderDue(redeemed, { now: at('2027-03-18T08:59:59Z'), reminderDays }), false);
      assert.equal(isReminderDue(redeemed, { now: at('2027-03-18T09:00:00Z'), reminderDays }), true);
      assert.equal(isReminderDue(redeemed, { now: at('2027-03-25T08:59:00Z'), reminderDays }), true);
    });

    it('is not due once sent, after the end, before redemption or once revoked', () => {
      const now = at('2027-03-20T00:00:00Z');
      assert.equal(isReminderDue({ ...redeemed, reminderSentAt: at('2027-03-18T09:01:00Z') }, { now, reminderDays }), false);
      assert.equal(isReminderDue(redeemed, { now: at('2027-03-25T09:00:00Z'), reminderDays }), false);
      for (const gift of [unpaid, paid, delivered, revoked]) assert.equal(isReminderDue(gift, { now, reminderDays }), false);
    });
  });

  it('may be revoked by the desk in every state but revoked', () => {
    assert.deepEqual([unpaid, paid, delivered, redeemed, revoked].map(canRevokeGift), [true, true, true, true, false]);
  });
});
