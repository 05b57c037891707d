import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessDecision } from '../access/decide-access.ts';
import type { Reader } from '../access/reader.ts';
import { articleOfEvent, readEventsOf } from './read-events.ts';

const meter = { period: '2026-03', articleIds: [1] };
const counted: AccessDecision = { access: 'full', meter, countsRead: true, notice: null, rule: null, meterLimit: 3 };
const notCounted: AccessDecision = { access: 'full', meter, countsRead: false, notice: null, rule: null, meterLimit: 3 };
const anonymous: Reader = { kind: 'anonymous' };
const registered: Reader = { kind: 'registered', readerId: 4, lapsed: null };
const subscriber: Reader = { kind: 'subscriber', readerId: 5, tiers: [] };
const read = (over: Partial<Parameters<typeof readEventsOf>[0]>) =>
  readEventsOf({ article: { access: 'metered' }, reader: anonymous, decision: counted, offersShown: [], gift: null, ...over });

describe('what one read adds to the ledger', () => {
  it('says how a metered article was read: counted, read again, or by an entitled reader', () => {
    assert.deepEqual(read({}), [{ kind: 'article-read', access: 'metered-counted' }]);
    assert.deepEqual(read({ reader: registered, decision: notCounted }), [{ kind: 'article-read', access: 're-read' }]);
    assert.deepEqual(read({ reader: subscriber, decision: notCounted }), [{ kind: 'article-read', access: 'entitled' }]);
    assert.deepEqual(read({ reader: subscriber, decision: notCounted, article: { access: 'premium' } }), [{ kind: 'article-read', access: 'entitled' }]);
  });

  it('calls a free article, and a registration-wall article read by a registered reader, free, whoever reads it', () => {
    for (const reader of [anonymous, registered, subscriber])
      assert.deepEqual(read({ reader, decision: notCounted, article: { access: 'free' } }), [{ kind: 'article-read', access: 'free' }]);
    assert.deepEqual(read({ reader: registered, decision: notCounted, article: { access: 'registered' } }), [{ kind: 'article-read', access: 'free' }]);
  });

  it('records the wall with its reason and each offer on it, in the order shown', () => {
    const events = read({
      decision: { access: 'preview', meter, wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 3 }, rule: null, meterLimit: 3 },
      offersShown: [
        { offerId: 3, planId: 1 },
        { offerId: 2, planId: 1 },
      ],
    });
    assert.deepEqual(events, [
      { kind: 'wall-shown', wall: 'meter-exhausted' },
      { kind: 'offer-shown', offerId: 3, planId: 1 },
      { kind: 'offer-shown', offerId: 2, planId: 1 },
    ]);
    assert.deepEqual(
      read({ decision: { access: 'preview', meter: null, wall: { kind: 'trial-expired' }, rule: null, meterLimit: null }, reader: registered }),
      [{ kind: 'wall-shown', wall: 'trial-expired' }],
    );
  });

  it('names the meter rule that set the limit, on the read it allowed and on the wall it put up', () => {
    const rule = { id: 7, name: 'Newsletter readers get 2 more' };
    assert.deepEqual(read({ decision: { ...counted, rule, meterLimit: 5 } }), [{ kind: 'article-read', access: 'metered-counted', meterRule: rule.name }]);
    assert.deepEqual(read({ decision: { access: 'preview', meter, wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 5 }, rule, meterLimit: 5 } }), [
      { kind: 'wall-shown', wall: 'meter-exhausted', meterRule: rule.name },
    ]);
  });

  it('counts a read through a gift link as gifted, and the gift as opened only the first time in a browser', () => {
    assert.deepEqual(read({ decision: notCounted, gift: { isNewOpen: true } }), [{ kind: 'article-read', access: 'gifted' }, { kind: 'gift-opened' }]);
    assert.deepEqual(read({ decision: notCounted, gift: { isNewOpen: false } }), [{ kind: 'article-read', access: 'gifted' }]);
  });

  it('counts nothing for staff and verified crawlers, who are not the audience', () => {
    assert.deepEqual(read({ reader: { kind: 'staff', readerId: 1 }, decision: notCounted }), []);
    assert.deepEqual(read({ reader: { kind: 'verified-crawler' }, decision: notCounted }), []);
  });

  it('names an article by its section and its first author', () => {
    const section = { id: 9, slug: 'world', name: 'World', description: '', position: 0 };
    const author = (id: number) => ({ id, slug: `a${id}`, name: `A ${id}`, bio: '' });
    assert.deepEqual(articleOfEvent({ id: 1, section, authors: [author(4), author(2)] }), { id: 1, sectionId: 9, authorId: 4 });
    assert.deepEqual(articleOfEvent({ id: 1, section, authors: [] }), { id: 1, sectionId: 9, authorId: null });
  });
});
