import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reader } from '../access/reader.ts';
import { choosableNewsletters, maySubscribe, type SubscriberStanding, subscriberStandingOf } from './may-subscribe.ts';
import { newsletterAudiences, type NewsletterAudience } from './newsletter-tables.ts';

describe('who may subscribe to a newsletter (maySubscribe)', () => {
  const expected: Record<NewsletterAudience, Record<SubscriberStanding, boolean>> = {
    anyone: { 'address-only': true, registered: true, entitled: true },
    registered: { 'address-only': false, registered: true, entitled: true },
    subscribers: { 'address-only': false, registered: false, entitled: true },
  };

  for (const audience of newsletterAudiences) {
    for (const [standing, isAllowed] of Object.entries(expected[audience])) {
      it(`${isAllowed ? 'lets' : 'refuses'} ${standing} for a newsletter open to ${audience}`, () => {
        assert.equal(maySubscribe(audience, standing as SubscriberStanding), isAllowed);
      });
    }
  }
});

describe("a reader's standing for newsletters (subscriberStandingOf)", () => {
  const cases: [Reader, SubscriberStanding][] = [
    [{ kind: 'anonymous' }, 'address-only'],
    [{ kind: 'verified-crawler' }, 'address-only'],
    [{ kind: 'registered', readerId: 1, lapsed: null }, 'registered'],
    [{ kind: 'registered', readerId: 1, lapsed: 'subscription' }, 'registered'],
    [{ kind: 'registered', readerId: 1, lapsed: 'trial' }, 'registered'],
    [{ kind: 'subscriber', readerId: 1, tiers: [] }, 'entitled'],
    [{ kind: 'staff', readerId: 1 }, 'entitled'],
  ];
  for (const [reader, standing] of cases) {
    it(`takes ${JSON.stringify(reader)} as ${standing}`, () => assert.equal(subscriberStandingOf(reader), standing));
  }
});

describe('what a reader is offered to choose (choosableNewsletters)', () => {
  const newsletters = [
    { id: 1, audience: 'anyone' as const },
    { id: 2, audience: 'registered' as const },
    { id: 3, audience: 'subscribers' as const },
  ];

  it('offers what the standing allows', () => {
    assert.deepEqual(
      choosableNewsletters(newsletters, { standing: 'registered', subscribed: new Set() }).map(({ id }) => id),
      [1, 2],
    );
    assert.deepEqual(
      choosableNewsletters(newsletters, { standing: 'entitled', subscribed: new Set() }).map(({ id }) => id),
      [1, 2, 3],
    );
  });

  it('offers a newsletter the reader is on, so a lapsed subscriber can still leave it', () => {
    assert.deepEqual(
      choosableNewsletters(newsletters, { standing: 'registered', subscribed: new Set([3]) }).map(({ id }) => id),
      [1, 2, 3],
    );
  });
});
