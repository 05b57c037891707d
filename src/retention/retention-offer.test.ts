import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseRetentionOffer,
  describeRetentionOffer,
  parseRetentionSettings,
  pauseEndOf,
  renewWithRetention,
  storedRetentionSettings,
  type RetentionSettings,
} from './retention-offer.ts';
import { parseCancellationReason, toReasonKey } from './cancellation-reasons.ts';
import type { SubscriptionStatus } from '../commerce/subscription.ts';

const discount: RetentionSettings = { offer: { kind: 'discount', percentOff: 50, periods: 3 } };
const pause: RetentionSettings = { offer: { kind: 'pause', months: 2 } };
const statuses: SubscriptionStatus[] = ['trialing', 'active', 'past_due', 'canceled', 'expired'];

describe('the retention offer', () => {
  it('parses the settings form and refuses what is out of range, naming the field', () => {
    assert.deepEqual(parseRetentionSettings({ kind: 'discount', percentOff: '50', periods: '3' }), discount);
    assert.deepEqual(parseRetentionSettings({ kind: 'pause', months: 2 }), pause);
    assert.deepEqual(parseRetentionSettings({}), { offer: null });
    assert.deepEqual(parseRetentionSettings({ kind: 'none', percentOff: 'nonsense' }), { offer: null });
    for (const [input, field] of [
      [{ kind: 'discount', percentOff: '100', periods: '3' }, 'percentOff'],
      [{ kind: 'discount', percentOff: '4', periods: '3' }, 'percentOff'],
      [{ kind: 'discount', percentOff: '50', periods: '0' }, 'periods'],
      [{ kind: 'discount', percentOff: '50', periods: '2.5' }, 'periods'],
      [{ kind: 'pause', months: '4' }, 'months'],
      [{ kind: 'pause', months: '' }, 'months'],
      [{ kind: 'free-beer' }, 'kind'],
    ] as const) {
      assert.throws(
        () => parseRetentionSettings(input),
        (error: Error & { meaning?: { field?: string } }) => error.meaning?.field === field,
        JSON.stringify(input),
      );
    }
  });

  it('stores what it parses back to the same settings', () => {
    for (const settings of [discount, pause, { offer: null }]) assert.deepEqual(parseRetentionSettings(storedRetentionSettings(settings)), settings);
  });

  it('is shown once, only to a subscription that renews, and a pause never during a trial', () => {
    for (const status of statuses) {
      for (const hasTakenOfferBefore of [false, true]) {
        const renews = status === 'trialing' || status === 'active';
        assert.deepEqual(chooseRetentionOffer({ settings: discount, status, hasTakenOfferBefore }), renews && !hasTakenOfferBefore ? discount.offer : null);
        assert.deepEqual(
          chooseRetentionOffer({ settings: pause, status, hasTakenOfferBefore }),
          status === 'active' && !hasTakenOfferBefore ? pause.offer : null,
        );
        assert.equal(chooseRetentionOffer({ settings: { offer: null }, status, hasTakenOfferBefore }), null);
      }
    }
  });

  it('pauses from the end of the paid period, calendar months later', () => {
    assert.deepEqual(pauseEndOf(new Date('2026-12-20T17:00:00Z'), 2), new Date('2027-02-20T17:00:00Z'));
    assert.deepEqual(pauseEndOf(new Date('2027-01-31T00:00:00Z'), 1), new Date('2027-02-28T00:00:00Z'));
  });

  it('renews at the discount while discounted renewals are left, then at the price', () => {
    const periodEnd = new Date('2026-12-20T00:00:00Z');
    const taken = { kind: 'discount', percentOff: 50, periodsLeft: 2 } as const;
    assert.deepEqual(renewWithRetention({ taken, priceMinor: 1500, periodEnd }), { kind: 'charge', amountMinor: 750, discountedPeriodsLeft: 1 });
    assert.deepEqual(renewWithRetention({ taken: { ...taken, percentOff: 33, periodsLeft: 1 }, priceMinor: 1499, periodEnd }), {
      kind: 'charge',
      amountMinor: 1004,
      discountedPeriodsLeft: 0,
    });
    assert.deepEqual(renewWithRetention({ taken: { ...taken, periodsLeft: 0 }, priceMinor: 1500, periodEnd }), {
      kind: 'charge',
      amountMinor: 1500,
      discountedPeriodsLeft: null,
    });
    assert.deepEqual(renewWithRetention({ taken: null, priceMinor: 1500, periodEnd }), { kind: 'charge', amountMinor: 1500, discountedPeriodsLeft: null });
  });

  it('charges nothing during a pause and runs the period on to its end; after it, the price', () => {
    const pausedUntil = new Date('2027-02-20T00:00:00Z');
    assert.deepEqual(renewWithRetention({ taken: { kind: 'pause', pausedUntil }, priceMinor: 1500, periodEnd: new Date('2026-12-20T00:00:00Z') }), {
      kind: 'paused',
      periodEnd: pausedUntil,
    });
    assert.deepEqual(renewWithRetention({ taken: { kind: 'pause', pausedUntil }, priceMinor: 1500, periodEnd: pausedUntil }), {
      kind: 'charge',
      amountMinor: 1500,
      discountedPeriodsLeft: null,
    });
  });

  it('tells the reader what the offer means for their plan', () => {
    const plan = {
      nextChargeMinor: 1500,
      currency: 'USD',
      interval: 'month',
      currentPeriodEnd: new Date('2026-12-20T17:00:00Z'),
      locale: 'en-US',
      timeZone: 'UTC',
    } as const;
    const told = describeRetentionOffer({ kind: 'discount', percentOff: 50, periods: 3 }, plan);
    assert.equal(told.headline, 'Stay for 50% off your next 3 months');
    assert.match(told.detail, /Your next payment is \$7\.50 instead of \$15, and the discount lasts 3 months; then the usual price/);
    assert.match(describeRetentionOffer({ kind: 'discount', percentOff: 50, periods: 3 }, { ...plan, nextChargeMinor: 300 }).detail, /\$1\.50 instead of \$3/);
    assert.equal(
      describeRetentionOffer({ kind: 'discount', percentOff: 20, periods: 1 }, { ...plan, interval: 'year' }).headline,
      'Stay for 20% off your next year',
    );
    const paused = describeRetentionOffer({ kind: 'pause', months: 2 }, plan);
    assert.equal(paused.headline, 'Pause your payments for 2 months instead');
    assert.match(paused.detail, /pay nothing until February 20, 2027/);
  });
});

describe('the reason for cancelling', () => {
  it('takes a reason from the list, free text, both or neither', () => {
    assert.deepEqual(parseCancellationReason({}), { reason: null, comment: null });
    assert.deepEqual(parseCancellationReason({ reason: '', comment: '   ' }), { reason: null, comment: null });
    assert.deepEqual(parseCancellationReason({ reason: 'too-expensive', comment: ' Too dear. ' }), { reason: 'too-expensive', comment: 'Too dear.' });
    assert.deepEqual(parseCancellationReason({ comment: 'Moving abroad' }), { reason: null, comment: 'Moving abroad' });
  });

  it('refuses a reason not on the list and a comment too long, naming the field', () => {
    assert.throws(
      () => parseCancellationReason({ reason: 'hacked' }),
      (error: Error & { meaning?: { field?: string } }) => error.meaning?.field === 'reason',
    );
    assert.throws(
      () => parseCancellationReason({ comment: 'x'.repeat(1001) }),
      (error: Error & { meaning?: { field?: string } }) => error.meaning?.field === 'comment',
    );
  });

  it('reads a stored key back, and one since dropped as none', () => {
    assert.equal(toReasonKey('away'), 'away');
    assert.equal(toReasonKey('retired-reason'), null);
    assert.equal(toReasonKey(null), null);
  });
});
