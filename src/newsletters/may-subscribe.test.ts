import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reader } from '../access/reader.ts';
import { maySubscribe, type SubscriberStanding, subscriberStandingOf } from './may-subscribe.ts';
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
    [{ kind: 'subscriber', readerId: 1 }, 'entitled'],
    [{ kind: 'staff', readerId: 1 }, 'entitled'],
  ];
  for (const [reader, standing] of cases) {
    it(`takes ${JSON.stringify(reader)} as ${standing}`, () => assert.equal(subscriberStandingOf(reader), standing));
  }
});
