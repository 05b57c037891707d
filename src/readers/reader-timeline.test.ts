import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Payment } from '../commerce/payment-ledger.ts';
import { deskActionsFor, paidInAllOf } from './reader-page.ts';
import { composeTimeline, type ReaderHistory } from './reader-timeline.ts';

const now = new Date('2026-12-01T12:00:00Z');
const at = (text: string) => new Date(`${text}T12:00:00Z`);
const wording = { locale: 'en-US', timeZone: 'UTC', now };

const none: ReaderHistory = {
  signedUpAt: at('2026-01-10'),
  source: 'website',
  subscriptions: [],
  payments: [],
  complimentary: [],
  gifts: [],
  devices: [],
  mails: [],
  events: [],
  staffNames: new Map(),
};

const payment = (fields: Partial<Payment> & Pick<Payment, 'id' | 'occurredAt'>): Payment => ({
  accountId: 1,
  subscriptionId: 1,
  provider: 'test',
  providerPaymentId: null,
  kind: 'charge',
  status: 'succeeded',
  amountMinor: 1500,
  currency: 'USD',
  refundOf: null,
  ...fields,
});

const titles = (history: Partial<ReaderHistory>) => composeTimeline({ ...none, ...history }, wording).map((entry) => entry.title);

describe("a reader's timeline", () => {
  it('starts with the sign-up, saying where the account came from', () => {
    assert.deepEqual(titles({}), ['Signed up on the website']);
    assert.deepEqual(titles({ source: 'import' }), ['Account brought in by import']);
  });

  it('tells payments, failures and refunds with their amounts, newest first', () => {
    const entries = composeTimeline(
      {
        ...none,
        payments: [
          payment({ id: 3, kind: 'refund', amountMinor: 900, refundOf: 1, occurredAt: at('2026-03-01') }),
          payment({ id: 2, status: 'failed', occurredAt: at('2026-02-10') }),
          payment({ id: 1, amountMinor: 900, provider: 'stripe', providerPaymentId: 'in_123', occurredAt: at('2026-02-01') }),
        ],
      },
      wording,
    );
    assert.deepEqual(
      entries.map((entry) => [entry.title, entry.detail, entry.tone]),
      [
        ['Refunded $9', 'Paid back the payment of Feb 1, 2026.', 'neutral'],
        ['Payment of $15 failed', null, 'negative'],
        ['Paid $9', 'in_123', 'positive'],
        ['Signed up on the website', null, 'neutral'],
      ],
    );
  });

  it('tells a trial, the offer it was bought on, a failing payment and an ending, but nothing that has not happened yet', () => {
    const subscription = {
      id: 1,
      planName: 'Digital',
      offerHeadline: 'Two weeks free',
      status: 'expired' as const,
      startedAt: at('2026-10-01'),
      trialEnd: at('2026-10-15'),
      currentPeriodEnd: at('2026-11-15'),
      pastDueSince: at('2026-11-15'),
    };
    const entries = composeTimeline({ ...none, subscriptions: [subscription] }, wording);
    assert.deepEqual(
      entries.map((entry) => [entry.title, entry.detail]),
      [
        ['Digital ended', null],
        ['Digital: payments failing', 'The grace period began.'],
        ['Started a free trial of Digital', 'Trial to Oct 15, 2026 on the offer “Two weeks free”; now ended.'],
        ['Signed up on the website', null],
      ],
    );
    const live = composeTimeline(
      { ...none, subscriptions: [{ ...subscription, status: 'active', currentPeriodEnd: at('2026-12-15'), pastDueSince: null }] },
      wording,
    );
    assert.deepEqual(
      live.map((entry) => entry.title),
      ['Started a free trial of Digital', 'Signed up on the website'],
    );
  });

  it('names who gave access and why, and when it was revoked', () => {
    const entries = composeTimeline(
      {
        ...none,
        complimentary: [{ id: 1, accountId: 1, startsAt: at('2026-11-01'), endsAt: null, reason: 'Press pass', grantedBy: 7, revokedAt: at('2026-11-20') }],
        staffNames: new Map([[7, 'Sam Support']]),
      },
      wording,
    );
    assert.deepEqual(
      entries.slice(0, 2).map((entry) => [entry.title, entry.detail, entry.by]),
      [
        ['Complimentary access revoked', null, null],
        ['Complimentary access given, open-ended', 'Press pass', 'Sam Support'],
      ],
    );
  });

  it('lists gifts, devices and mails', () => {
    assert.deepEqual(
      titles({
        gifts: [{ id: 1, headline: 'Harbour talks', givenAt: at('2026-05-01'), revokedAt: at('2026-05-02') }],
        devices: [{ id: 1, name: 'Ana’s phone', signedInAt: at('2026-04-01'), revokedAt: null }],
        mails: [{ id: 1, kind: 'receipt', subject: 'Your receipt', sentAt: at('2026-06-01') }],
      }),
      [
        'Mail sent: “Your receipt”',
        'Took back the gift of “Harbour talks”',
        'Gave an article: “Harbour talks”',
        'Signed in on a device: Ana’s phone',
        'Signed up on the website',
      ],
    );
  });

  it('adds the events no table keeps, with the staff member who acted, and leaves out those a table already tells', () => {
    const event = { accountId: 1, actorId: null };
    const entries = composeTimeline(
      {
        ...none,
        events: [
          { ...event, id: 4, kind: 'refunded', amountMinor: 900, currency: 'USD', occurredAt: at('2026-07-04') },
          { ...event, id: 3, kind: 'trial-extended', until: '2026-07-30T00:00:00.000Z', occurredAt: at('2026-07-03'), actorId: 7 },
          { ...event, id: 2, kind: 'login-link-sent', occurredAt: at('2026-07-02'), actorId: 8 },
          { ...event, id: 1, kind: 'canceled', atPeriodEnd: false, reason: null, occurredAt: at('2026-07-01') },
        ],
        staffNames: new Map([[7, 'Sam Support']]),
      },
      wording,
    );
    assert.deepEqual(
      entries.map((entry) => [entry.title, entry.by]),
      [
        ['Trial extended to Jul 30, 2026', 'Sam Support'],
        ['Log-in link sent', 'A former staff member'],
        ['Canceled at once', null],
        ['Signed up on the website', null],
      ],
    );
  });

  it('tells a revoked gift subscription on the side the reader was on, with the reason', () => {
    const event = { accountId: 1, actorId: 7, kind: 'gift-subscription-revoked', giftId: 3, months: 6, reason: 'Stolen card' } as const;
    const entries = composeTimeline(
      {
        ...none,
        events: [
          { ...event, id: 3, side: 'bought', endedAccess: false, occurredAt: at('2026-07-03') },
          { ...event, id: 2, side: 'received', endedAccess: false, occurredAt: at('2026-07-02') },
          { ...event, id: 1, side: 'received', endedAccess: true, occurredAt: at('2026-07-01') },
        ],
        staffNames: new Map([[7, 'Sam Support']]),
      },
      wording,
    );
    assert.deepEqual(
      entries.slice(0, 3).map(({ title, detail, category, tone, by }) => ({ title, detail, category, tone, by })),
      [
        {
          title: 'A gift subscription they bought (6 months) was revoked',
          detail: 'Reason: Stolen card',
          category: 'gift',
          tone: 'negative',
          by: 'Sam Support',
        },
        { title: 'Gift subscription of 6 months revoked', detail: 'Reason: Stolen card', category: 'gift', tone: 'negative', by: 'Sam Support' },
        {
          title: 'Gift subscription of 6 months revoked: its access ended',
          detail: 'Reason: Stolen card',
          category: 'gift',
          tone: 'negative',
          by: 'Sam Support',
        },
      ],
    );
  });

  it('tells a gift subscription redeemed and ended, and one bought, mailed and redeemed, as far as each has happened', () => {
    const gift = { months: 6, buyerName: 'Bea Buyer', recipientName: 'Rio Reader', revokedAt: null } as const;
    const entries = composeTimeline(
      {
        ...none,
        giftSubscriptions: [
          {
            ...gift,
            side: 'received',
            paidAt: at('2026-03-01'),
            deliveredAt: at('2026-03-05'),
            redeemedAt: at('2026-03-06'),
            accessUntil: at('2026-09-06'),
          },
          {
            ...gift,
            months: 3,
            side: 'bought',
            paidAt: at('2026-11-20'),
            deliveredAt: at('2026-11-24'),
            redeemedAt: at('2026-11-25'),
            accessUntil: at('2027-02-25'),
          },
          // Bought for a day still to come: neither mailed nor redeemed yet.
          { ...gift, months: 12, side: 'bought', paidAt: at('2026-11-30'), deliveredAt: null, redeemedAt: null, accessUntil: null },
        ],
      },
      wording,
    );
    assert.deepEqual(
      entries.filter((entry) => entry.category === 'gift').map(({ title, detail, tone }) => ({ title, detail, tone })),
      [
        { title: 'Bought a gift subscription of 12 months for Rio Reader', detail: null, tone: 'neutral' },
        { title: 'Their gift subscription for Rio Reader was redeemed', detail: null, tone: 'positive' },
        { title: 'Their gift subscription was mailed to Rio Reader', detail: null, tone: 'neutral' },
        { title: 'Bought a gift subscription of 3 months for Rio Reader', detail: null, tone: 'neutral' },
        { title: 'Gift subscription of 6 months ended', detail: null, tone: 'neutral' },
        {
          title: 'Redeemed a gift subscription of 6 months from Bea Buyer',
          detail: 'Reads in full until Sep 6, 2026; it does not renew.',
          tone: 'positive',
        },
      ],
    );
  });

  it('leaves a revoked gift subscription’s ending to its revocation, and names an erased buyer or recipient as such', () => {
    const gift = { months: 6, paidAt: at('2026-03-01'), deliveredAt: at('2026-03-05'), redeemedAt: at('2026-03-06'), accessUntil: at('2026-09-06') };
    assert.deepEqual(
      titles({
        giftSubscriptions: [
          { ...gift, side: 'received', buyerName: '', recipientName: 'Rio Reader', revokedAt: at('2026-04-01') },
          { ...gift, side: 'bought', buyerName: 'Bea Buyer', recipientName: '', revokedAt: null },
        ],
      }).filter((title) => title !== 'Signed up on the website'),
      [
        'Their gift subscription for a recipient since erased was redeemed',
        'Redeemed a gift subscription of 6 months from a buyer since erased',
        'Their gift subscription was mailed to a recipient since erased',
        'Bought a gift subscription of 6 months for a recipient since erased',
      ],
    );
  });

  it('keeps the order things were told in when they happened at the same moment', () => {
    assert.deepEqual(titles({ payments: [payment({ id: 1, occurredAt: none.signedUpAt })] }), ['Paid $15', 'Signed up on the website']);
  });
});

describe("the desk's actions for a reader", () => {
  it('extends a trial only while it runs', () => {
    for (const status of [null, 'active', 'past_due', 'canceled', 'expired'] as const) {
      assert.equal(deskActionsFor({ latestStatus: status, hasRefundableCharge: false, liveGrantIds: [] }).canExtendTrial, false, String(status));
    }
    assert.equal(deskActionsFor({ latestStatus: 'trialing', hasRefundableCharge: false, liveGrantIds: [] }).canExtendTrial, true);
  });

  it('cancels only a subscription that would bill again, and refunds only a charge not yet paid back', () => {
    const cancelable = (['trialing', 'active', 'past_due', 'canceled', 'expired'] as const).filter(
      (status) => deskActionsFor({ latestStatus: status, hasRefundableCharge: false, liveGrantIds: [] }).canCancel,
    );
    assert.deepEqual(cancelable, ['trialing', 'active', 'past_due']);
    assert.equal(deskActionsFor({ latestStatus: null, hasRefundableCharge: false, liveGrantIds: [] }).canRefund, false);
    assert.equal(deskActionsFor({ latestStatus: 'expired', hasRefundableCharge: true, liveGrantIds: [3] }).canRefund, true);
    assert.deepEqual(deskActionsFor({ latestStatus: 'expired', hasRefundableCharge: true, liveGrantIds: [3] }).revocableGrantIds, [3]);
  });
});

describe('what a reader has paid in all', () => {
  it('adds the charges that went through, less refunds, per currency', () => {
    assert.deepEqual(
      paidInAllOf([
        payment({ id: 1, occurredAt: now, amountMinor: 900 }),
        payment({ id: 2, occurredAt: now, status: 'failed' }),
        payment({ id: 3, occurredAt: now, kind: 'refund', amountMinor: 900, refundOf: 1 }),
        payment({ id: 4, occurredAt: now }),
        payment({ id: 5, occurredAt: now, amountMinor: 1200, currency: 'EUR' }),
      ]),
      [
        { amountMinor: 1500, currency: 'USD' },
        { amountMinor: 1200, currency: 'EUR' },
      ],
    );
    assert.deepEqual(paidInAllOf([]), []);
  });
});
