import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredGiftSubscription } from '../gift-subscriptions/gift-subscription-repository.ts';
import { giftRowOf } from './gift-subscription-views.ts';

const now = new Date('2026-12-03T15:00:00Z');
const clock = { locale: 'en-US', timeZone: 'America/New_York' };
const bought: StoredGiftSubscription & { planName: string } = {
  id: 7,
  planId: 1,
  planName: 'Digital',
  months: 6,
  priceMinor: 8050,
  currency: 'USD',
  buyerName: 'Ines Giver',
  buyerEmail: 'ines@example.org',
  buyerAccountId: null,
  recipientName: 'Olu Friend',
  recipientEmail: 'olu@example.org',
  message: '',
  deliveryDay: '2026-12-24',
  deliverAt: new Date('2026-12-24T05:00:00Z'),
  codeNonce: 'n',
  provider: 'test',
  checkoutSessionId: null,
  providerSessionId: null,
  paidAt: null,
  deliveredAt: null,
  redeemedAt: null,
  redeemedBy: null,
  accessUntil: null,
  reminderSentAt: null,
  revokedAt: null,
  revokeReason: null,
  createdAt: now,
};
const redeemed = { ...bought, paidAt: now, redeemedAt: now, redeemedBy: 12, buyerAccountId: 4, accessUntil: new Date('2027-06-03T15:00:00Z') };

describe("a gift's line in the newsroom", () => {
  it('says a gift not yet redeemed: its state, duration, price, the delivery day on the publication’s calendar, and a way to revoke it', () => {
    const row = giftRowOf(bought, { clock, now });
    assert.deepEqual(
      { ...row, buyer: undefined, recipient: undefined },
      {
        id: 7,
        state: 'awaiting-payment',
        stateLabel: 'Awaiting payment',
        planName: 'Digital',
        durationLabel: '6 months',
        priceLabel: '$80.50',
        buyer: undefined,
        recipient: undefined,
        deliveryLabel: 'Dec 24, 2026',
        accessLabel: null,
        revokedLabel: null,
        revokeUrl: '/admin/gift-subscriptions/7/revoke',
      },
    );
    assert.deepEqual(row.buyer, { name: 'Ines Giver', email: 'ines@example.org', url: null });
  });

  it("links the buyer's and the redeemer's reader pages, and says until when the gift gives access, then that it ended", () => {
    const row = giftRowOf(redeemed, { clock, now, readerId: 12 });
    assert.equal(row.stateLabel, 'Redeemed');
    assert.equal(row.buyer.url, '/admin/readers/4');
    assert.equal(row.recipient.url, '/admin/readers/12');
    assert.equal(row.accessLabel, 'Access until Jun 3, 2027');
    assert.equal(row.revokeUrl, '/admin/gift-subscriptions/7/revoke?reader=12');
    assert.equal(giftRowOf(redeemed, { clock, now: new Date('2027-07-01T00:00:00Z') }).accessLabel, 'Access ended Jun 3, 2027');
  });

  it('says when and why a revoked gift was revoked, and offers no revocation again', () => {
    const row = giftRowOf({ ...redeemed, revokedAt: now, revokeReason: 'Stolen card' }, { clock, now });
    assert.equal(row.state, 'revoked');
    assert.equal(row.revokedLabel, 'Revoked Dec 3, 2026: Stolen card');
    assert.equal(row.revokeUrl, null);
  });
});
