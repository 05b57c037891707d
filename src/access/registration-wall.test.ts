import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAccess, type AccessQuestion } from './decide-access.ts';
import type { Reader } from './reader.ts';

const now = new Date('2026-11-20T12:00:00Z');
const anonymous: Reader = { kind: 'anonymous' };
const ask = (
  read: number[],
  articleId: number,
  registrationWallAfter: number | null | undefined,
  reader: Reader = anonymous,
): ReturnType<typeof decideAccess> => {
  const question: AccessQuestion = {
    article: { id: articleId, access: 'metered', sectionId: 1, requiredTier: null },
    reader,
    meter: { period: '2026-11', articleIds: read },
    settings: { meterLimits: { anonymous: 3, registered: 10 }, ...(registrationWallAfter === undefined ? {} : { registrationWallAfter }) },
    meterRules: [],
    visit: { source: 'direct', campaign: null },
    timeZone: 'UTC',
    now,
  };
  return decideAccess(question);
};

describe('where the registration wall stands', () => {
  it('without one, an anonymous reader reads the meter out and meets the subscription wall', () => {
    for (const wall of [undefined, null]) {
      assert.equal(ask([1, 2], 3, wall).access, 'full');
      assert.deepEqual(ask([1, 2, 3], 4, wall), {
        access: 'preview',
        meter: { period: '2026-11', articleIds: [1, 2, 3] },
        wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 3 },
        rule: null,
        meterLimit: 3,
      });
    }
  });

  it('after one article, the second asks an anonymous reader to register', () => {
    const first = ask([], 1, 1);
    assert.deepEqual(first, {
      access: 'full',
      meter: { period: '2026-11', articleIds: [1] },
      countsRead: true,
      notice: { kind: 'meter-last' },
      rule: null,
      meterLimit: 1,
    });
    assert.deepEqual(ask([1], 2, 1), {
      access: 'preview',
      meter: { period: '2026-11', articleIds: [1] },
      wall: { kind: 'registration-required' },
      rule: null,
      meterLimit: 1,
    });
  });

  it('counts the notice to the wall, so "articles left" stays true', () => {
    assert.deepEqual(ask([], 1, 2), {
      access: 'full',
      meter: { period: '2026-11', articleIds: [1] },
      countsRead: true,
      notice: { kind: 'meter-remaining', remaining: 1 },
      rule: null,
      meterLimit: 2,
    });
  });

  it("at the meter's end, turns the last wall into a registration wall", () => {
    assert.deepEqual(ask([1, 2, 3], 4, 3), {
      access: 'preview',
      meter: { period: '2026-11', articleIds: [1, 2, 3] },
      wall: { kind: 'registration-required' },
      rule: null,
      meterLimit: 3,
    });
  });

  it("beyond the meter's end, changes nothing: the meter stops the reader first", () => {
    assert.deepEqual(ask([1, 2, 3], 4, 5), ask([1, 2, 3], 4, null));
  });

  it('at zero, walls every metered article, while a re-read stays free', () => {
    assert.deepEqual(ask([], 1, 0), {
      access: 'preview',
      meter: { period: '2026-11', articleIds: [] },
      wall: { kind: 'registration-required' },
      rule: null,
      meterLimit: 0,
    });
    assert.equal(ask([1], 1, 0).access, 'full');
  });

  it('never stands in front of a registered reader', () => {
    const registered: Reader = { kind: 'registered', readerId: 1, lapsed: null };
    assert.equal(ask([1, 2, 3], 4, 1, registered).access, 'full');
  });

  it('stands where it is set within the limit a meter rule gives, and only there', () => {
    const fromSearch = {
      id: 1,
      name: 'Search gets 5',
      condition: { source: 'search' as const, reader: null, campaign: null, sectionId: null },
      effect: { kind: 'set' as const, articles: 5 },
    };
    const question = (read: number[], articleId: number, registrationWallAfter: number | null): AccessQuestion => ({
      article: { id: articleId, access: 'metered', sectionId: 1, requiredTier: null },
      reader: anonymous,
      meter: { period: '2026-11', articleIds: read },
      settings: { meterLimits: { anonymous: 3, registered: 10 }, registrationWallAfter },
      meterRules: [fromSearch],
      visit: { source: 'search', campaign: null },
      timeZone: 'UTC',
      now,
    });
    assert.deepEqual(decideAccess(question([1, 2, 3, 4], 5, 4)).access, 'preview');
    assert.deepEqual(decideAccess(question([1, 2, 3, 4], 5, 4)), {
      access: 'preview',
      meter: { period: '2026-11', articleIds: [1, 2, 3, 4] },
      wall: { kind: 'registration-required' },
      rule: { id: 1, name: 'Search gets 5' },
      meterLimit: 4,
    });
    assert.equal(decideAccess(question([1, 2, 3, 4], 5, null)).access, 'full');
  });
});
