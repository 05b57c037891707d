import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AccessLevel } from '../content/access-level.ts';
import { defaultAccessSettings } from './access-settings.ts';
import type { AccessQuestion } from './decide-access.ts';
import { decideGiftedAccess } from './gifted-access.ts';
import type { Meter } from './meter.ts';
import type { Reader } from './reader.ts';

const now = new Date('2026-11-15T12:00:00Z');
const timeZone = 'Europe/Lisbon';
const anonymous: Reader = { kind: 'anonymous' };
const registered: Reader = { kind: 'registered', readerId: 7, lapsed: null };
const lapsed: Reader = { kind: 'registered', readerId: 7, lapsed: 'subscription' };
const subscriber: Reader = { kind: 'subscriber', readerId: 8, tiers: [] };
const staff: Reader = { kind: 'staff', readerId: 9 };
/** A decision the meter had no part in. */
const unmetered = { rule: null, meterLimit: null };
const spent: Meter = { period: '2026-11', articleIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };

function question(access: AccessLevel, reader: Reader, meter: Meter | null = null, id = 42): AccessQuestion {
  return {
    article: { id, access, sectionId: 1, requiredTier: null },
    reader,
    meter,
    settings: defaultAccessSettings,
    meterRules: [],
    visit: { source: 'direct', campaign: null },
    timeZone,
    now,
  };
}

describe('a read with a gift link', () => {
  it('opens a premium article in full for anyone not entitled, and uses the gift', () => {
    for (const reader of [anonymous, registered, lapsed]) {
      assert.deepEqual(decideGiftedAccess(question('premium', reader), { articleId: 42 }), {
        decision: { access: 'full', meter: null, countsRead: false, notice: null, ...unmetered },
        isGiftUsed: true,
      });
    }
  });

  it('opens a metered article without counting it, whether the meter has reads left or is spent', () => {
    const fresh = decideGiftedAccess(question('metered', anonymous), { articleId: 42 });
    assert.deepEqual(fresh, { decision: { access: 'full', meter: null, countsRead: false, notice: null, ...unmetered }, isGiftUsed: true });
    const overTheMeter = decideGiftedAccess(question('metered', registered, spent), { articleId: 42 });
    assert.deepEqual(overTheMeter, { decision: { access: 'full', meter: spent, countsRead: false, notice: null, ...unmetered }, isGiftUsed: true });
  });

  it('opens a registered article for an anonymous reader', () => {
    assert.equal(decideGiftedAccess(question('registered', anonymous), { articleId: 42 }).isGiftUsed, true);
  });

  it('is not used where the reader reads in full at no cost anyway', () => {
    for (const reader of [subscriber, staff]) {
      assert.equal(decideGiftedAccess(question('premium', reader), { articleId: 42 }).isGiftUsed, false);
    }
    assert.equal(decideGiftedAccess(question('free', anonymous), { articleId: 42 }).isGiftUsed, false);
    assert.equal(decideGiftedAccess(question('registered', registered), { articleId: 42 }).isGiftUsed, false);
    const alreadyCounted: Meter = { period: '2026-11', articleIds: [42] };
    assert.deepEqual(decideGiftedAccess(question('metered', anonymous, alreadyCounted), { articleId: 42 }), {
      decision: { access: 'full', meter: alreadyCounted, countsRead: false, notice: { kind: 'meter-remaining', remaining: 2 }, rule: null, meterLimit: 3 },
      isGiftUsed: false,
    });
  });

  it('opens nothing but its own article', () => {
    const elsewhere = decideGiftedAccess(question('premium', anonymous, null, 43), { articleId: 42 });
    assert.deepEqual(elsewhere, { decision: { access: 'preview', meter: null, wall: { kind: 'subscription-required' }, ...unmetered }, isGiftUsed: false });
  });

  it('without a gift, is the ordinary decision', () => {
    assert.deepEqual(decideGiftedAccess(question('premium', anonymous), null), {
      decision: { access: 'preview', meter: null, wall: { kind: 'subscription-required' }, ...unmetered },
      isGiftUsed: false,
    });
  });

  it('never counts a read on the meter, never narrows a read, and never opens another article', () => {
    const readers = fc.constantFrom<Reader>(anonymous, registered, lapsed, subscriber, staff, { kind: 'verified-crawler' });
    const levels = fc.constantFrom<AccessLevel>('free', 'metered', 'registered', 'premium');
    fc.assert(
      fc.property(
        readers,
        levels,
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (reader, access, ids, articleId, giftArticleId) => {
          const meter = { period: '2026-11', articleIds: ids.sort((a, b) => a - b) };
          const { decision, isGiftUsed } = decideGiftedAccess(question(access, reader, meter, articleId), { articleId: giftArticleId });
          const ordinary = decideGiftedAccess(question(access, reader, meter, articleId), null).decision;
          if (articleId !== giftArticleId) return JSON.stringify(decision) === JSON.stringify(ordinary) && !isGiftUsed;
          if (isGiftUsed) return decision.access === 'full' && !decision.countsRead && decision.meter === meter;
          return decision.access === 'full';
        },
      ),
    );
  });
});
