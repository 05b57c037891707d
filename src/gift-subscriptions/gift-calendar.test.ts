import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessEndOf, deliveryMomentOf, isGiftDuration, judgeDeliveryDay, publicationDayOf } from './gift-calendar.ts';

describe('the gift calendar', () => {
  describe('durations', () => {
    it('offers 3, 6 and 12 months and nothing else', () => {
      assert.deepEqual([1, 2, 3, 4, 6, 9, 12, 24].filter(isGiftDuration), [3, 6, 12]);
    });
  });

  describe('the delivery moment', () => {
    it('is the start of the day on the publication’s clock', () => {
      assert.equal(deliveryMomentOf('2026-12-24', 'America/New_York')?.toISOString(), '2026-12-24T05:00:00.000Z');
      assert.equal(deliveryMomentOf('2026-12-24', 'Asia/Tokyo')?.toISOString(), '2026-12-23T15:00:00.000Z');
      assert.equal(deliveryMomentOf('2026-07-01', 'Europe/Lisbon')?.toISOString(), '2026-06-30T23:00:00.000Z');
      assert.equal(deliveryMomentOf('2026-07-01', 'UTC')?.toISOString(), '2026-07-01T00:00:00.000Z');
    });

    it('is nothing for a text that is not a calendar day', () => {
      for (const text of ['2026-02-30', '2026-13-01', '24/12/2026', '2026-12-24T00:00', '', 'tomorrow']) {
        assert.equal(deliveryMomentOf(text, 'UTC'), null, text);
      }
    });
  });

  describe('the delivery day a buyer may choose', () => {
    // 03:30 UTC on 3 December is still 2 December in New York.
    const now = new Date('2026-12-03T03:30:00Z');
    const judge = (text: string, timeZone = 'America/New_York') => judgeDeliveryDay(text, { now, timeZone });

    it('takes today, on the publication’s clock, and any day up to a year on', () => {
      assert.deepEqual(judge('2026-12-02'), { kind: 'accepted', day: '2026-12-02' });
      assert.deepEqual(judge(' 2026-12-25 '), { kind: 'accepted', day: '2026-12-25' });
      assert.deepEqual(judge('2027-12-02'), { kind: 'accepted', day: '2027-12-02' });
    });

    it('refuses yesterday and a day more than a year on', () => {
      assert.deepEqual(judge('2026-12-01'), { kind: 'refused', reason: 'in-the-past' });
      assert.deepEqual(judge('2027-12-03'), { kind: 'refused', reason: 'too-far-ahead' });
    });

    it('reads today by the publication’s time zone, not the server’s', () => {
      assert.deepEqual(judge('2026-12-02', 'Europe/Paris'), { kind: 'refused', reason: 'in-the-past' });
      assert.deepEqual(judge('2026-12-03', 'Europe/Paris'), { kind: 'accepted', day: '2026-12-03' });
    });

    it('refuses what is not a day', () => {
      assert.deepEqual(judge('2027-02-29'), { kind: 'refused', reason: 'not-a-day' });
      assert.deepEqual(judge('next week'), { kind: 'refused', reason: 'not-a-day' });
    });

    it('ends the year on 28 February when today is the 29th', () => {
      const leapDay = new Date('2028-02-29T12:00:00Z');
      assert.deepEqual(judgeDeliveryDay('2029-02-28', { now: leapDay, timeZone: 'UTC' }), { kind: 'accepted', day: '2029-02-28' });
      assert.deepEqual(judgeDeliveryDay('2029-03-01', { now: leapDay, timeZone: 'UTC' }), { kind: 'refused', reason: 'too-far-ahead' });
    });
  });

  describe('the end of access', () => {
    it('is N calendar months on, at the same time of day on the publication’s clock', () => {
      assert.equal(accessEndOf(new Date('2026-12-03T10:15:30.250Z'), 3, 'UTC').toISOString(), '2027-03-03T10:15:30.250Z');
      assert.equal(accessEndOf(new Date('2026-12-03T10:15:00Z'), 12, 'UTC').toISOString(), '2027-12-03T10:15:00.000Z');
      assert.equal(accessEndOf(new Date('2026-08-15T09:00:00Z'), 6, 'UTC').toISOString(), '2027-02-15T09:00:00.000Z');
    });

    it('keeps the wall-clock time across a change of summer time', () => {
      // 9:00 in New York in January (UTC-5) and in April (UTC-4).
      assert.equal(accessEndOf(new Date('2027-01-10T14:00:00Z'), 3, 'America/New_York').toISOString(), '2027-04-10T13:00:00.000Z');
    });

    it('counts months by the publication’s calendar, whose day may differ from UTC’s', () => {
      // 23:30 UTC on 31 January is 1 February in Tokyo: three months on is 1 May there.
      assert.equal(accessEndOf(new Date('2027-01-31T23:30:00Z'), 3, 'Asia/Tokyo').toISOString(), '2027-04-30T23:30:00.000Z');
    });

    it('ends on the month’s last day when it has no such day', () => {
      assert.equal(accessEndOf(new Date('2026-11-30T12:00:00Z'), 3, 'UTC').toISOString(), '2027-02-28T12:00:00.000Z');
      assert.equal(accessEndOf(new Date('2027-08-31T12:00:00Z'), 6, 'UTC').toISOString(), '2028-02-29T12:00:00.000Z');
      assert.equal(accessEndOf(new Date('2026-03-31T12:00:00Z'), 6, 'UTC').toISOString(), '2026-09-30T12:00:00.000Z');
    });

    it('always ends after it begins, by at least the shortest such span', () => {
      const start = new Date('2026-01-01T00:00:00Z');
      for (let day = 0; day < 366; day += 7) {
        const startsAt = new Date(start.getTime() + day * 86_400_000 + 3_600_000 * (day % 24));
        for (const months of [3, 6, 12]) {
          const span = accessEndOf(startsAt, months, 'Europe/London').getTime() - startsAt.getTime();
          assert.ok(span >= (months * 28 - 1) * 86_400_000 && span <= (months * 31 + 1) * 86_400_000, `${startsAt.toISOString()} + ${months}`);
        }
      }
    });
  });

  it('names the publication’s day of an instant', () => {
    assert.equal(publicationDayOf(new Date('2026-12-03T03:30:00Z'), 'America/New_York'), '2026-12-02');
    assert.equal(publicationDayOf(new Date('2026-12-03T03:30:00Z'), 'UTC'), '2026-12-03');
  });
});
