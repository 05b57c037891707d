import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AccessLevel } from '../content/access-level.ts';
import { defaultAccessSettings } from './access-settings.ts';
import { decideAccess, type AccessDecision, type AccessQuestion } from './decide-access.ts';
import type { Visit } from '../insights/visit-source.ts';
import type { Meter } from './meter.ts';
import type { MeterRule } from './meter-rules.ts';
import type { Reader } from './reader.ts';
import type { RequiredTier } from '../content/article.ts';

const now = new Date('2026-11-15T12:00:00Z');
const timeZone = 'America/New_York';
const anonymous: Reader = { kind: 'anonymous' };
const registered: Reader = { kind: 'registered', readerId: 7, lapsed: null };
const subscriber: Reader = { kind: 'subscriber', readerId: 8, tiers: [] };
const premium: RequiredTier = { slug: 'premium', name: 'Premium' };
/** A subscriber whose plan gives Digital, one whose plan gives Digital and Premium, and one given every tier. */
const digitalSubscriber: Reader = { kind: 'subscriber', readerId: 10, tiers: ['digital'] };
const premiumSubscriber: Reader = { kind: 'subscriber', readerId: 11, tiers: ['digital', 'premium'] };
const complimentary: Reader = { kind: 'subscriber', readerId: 12, tiers: 'every-tier' };
const staff: Reader = { kind: 'staff', readerId: 9 };
const crawler: Reader = { kind: 'verified-crawler' };
const direct: Visit = { source: 'direct', campaign: null };
/** What a decision that never looked at the meter says of it. */
const unmetered = { rule: null, meterLimit: null };

function decide(overrides: Partial<AccessQuestion> & { access?: AccessLevel; id?: number; requiredTier?: RequiredTier | null }): AccessDecision {
  const { access = 'metered', id = 1, requiredTier = null, ...rest } = overrides;
  return decideAccess({
    article: { id, access, sectionId: 1, requiredTier },
    reader: anonymous,
    meter: null,
    settings: defaultAccessSettings,
    meterRules: [],
    visit: direct,
    timeZone,
    now,
    ...rest,
  });
}

const meterOf = (...articleIds: number[]): Meter => ({ period: '2026-11', articleIds });

describe('deciding a read', () => {
  describe('a metered article for an anonymous reader (limit 3)', () => {
    it('counts the first read and says two are left', () => {
      assert.deepEqual(decide({ id: 1 }), {
        access: 'full',
        meter: meterOf(1),
        countsRead: true,
        notice: { kind: 'meter-remaining', remaining: 2 },
        rule: null,
        meterLimit: 3,
      });
    });

    it('says one is left after the second, and that the third is the last', () => {
      const second = decide({ id: 2, meter: meterOf(1) });
      assert.deepEqual(second.access === 'full' && second.notice, { kind: 'meter-remaining', remaining: 1 });
      const third = decide({ id: 3, meter: meterOf(1, 2) });
      assert.deepEqual(third.access === 'full' && third.notice, { kind: 'meter-last' });
      assert.deepEqual(third.meter, meterOf(1, 2, 3));
    });

    it('shows the preview and asks them to register once the meter is spent', () => {
      assert.deepEqual(decide({ id: 4, meter: meterOf(1, 2, 3) }), {
        access: 'preview',
        meter: meterOf(1, 2, 3),
        wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 3 },
        rule: null,
        meterLimit: 3,
      });
    });

    it('lets them read a counted article again at no cost, even with the meter spent', () => {
      assert.deepEqual(decide({ id: 2, meter: meterOf(1, 2, 3) }), {
        access: 'full',
        meter: meterOf(1, 2, 3),
        countsRead: false,
        notice: null,
        rule: null,
        meterLimit: 3,
      });
      assert.deepEqual(decide({ id: 1, meter: meterOf(1) }), {
        access: 'full',
        meter: meterOf(1),
        countsRead: false,
        notice: { kind: 'meter-remaining', remaining: 2 },
        rule: null,
        meterLimit: 3,
      });
    });

    it('starts a new meter in a new month', () => {
      const lastMonth: Meter = { period: '2026-10', articleIds: [1, 2, 3] };
      const decision = decide({ id: 4, meter: lastMonth });
      assert.equal(decision.access, 'full');
      assert.deepEqual(decision.meter, meterOf(4));
    });
  });

  describe('a metered article for a registered reader (limit 10)', () => {
    it('counts against the larger limit', () => {
      const decision = decide({ reader: registered, id: 5, meter: meterOf(1, 2, 3) });
      assert.deepEqual(decision.access === 'full' && decision.notice, { kind: 'meter-remaining', remaining: 6 });
    });

    it('asks them to subscribe when the meter is spent', () => {
      const decision = decide({ reader: registered, id: 11, meter: meterOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) });
      assert.deepEqual(decision.access === 'preview' && decision.wall, { kind: 'meter-exhausted', reader: 'registered', limit: 10 });
    });

    it('tells a reader whose trial ended why the meter is back', () => {
      const lapsed: Reader = { kind: 'registered', readerId: 7, lapsed: 'trial' };
      const decision = decide({ reader: lapsed, id: 11, meter: meterOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) });
      assert.deepEqual(decision.access === 'preview' && decision.wall, { kind: 'trial-expired' });
      assert.equal(decide({ reader: lapsed, id: 1 }).access, 'full');
    });

    it('tells a reader whose subscription ended why the meter is back', () => {
      const lapsed: Reader = { kind: 'registered', readerId: 7, lapsed: 'subscription' };
      const decision = decide({ reader: lapsed, access: 'premium' });
      assert.deepEqual(decision.access === 'preview' && decision.wall, { kind: 'subscription-expired' });
    });

    it('names the organisation whose contract ended under its member, on a locked article and on a spent meter', () => {
      const endedAt = new Date('2026-06-01T00:00:00Z');
      const lapsed: Reader = { kind: 'registered', readerId: 7, lapsed: { kind: 'organisation', organisationName: 'Quay Institute', endedAt } };
      const wall = { kind: 'organisation-ended', organisationName: 'Quay Institute', endedAt };
      const locked = decide({ reader: lapsed, access: 'premium' });
      assert.deepEqual(locked.access === 'preview' && locked.wall, wall);
      const metered = decide({ reader: lapsed, id: 11, meter: meterOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) });
      assert.deepEqual(metered.access === 'preview' && metered.wall, wall);
      assert.equal(decide({ reader: lapsed, id: 1 }).access, 'full', 'the meter is back, so a metered article opens while it lasts');
    });
  });

  describe('other access levels', () => {
    it('never counts a free article, for anyone', () => {
      for (const reader of [anonymous, registered]) {
        assert.deepEqual(decide({ reader, access: 'free', meter: meterOf(1, 2, 3) }), {
          access: 'full',
          meter: meterOf(1, 2, 3),
          countsRead: false,
          notice: null,
          ...unmetered,
        });
      }
    });

    it('asks anonymous readers to register for a registered article, and lets registered readers in without counting', () => {
      assert.deepEqual(decide({ access: 'registered' }), { access: 'preview', meter: null, wall: { kind: 'registration-required' }, ...unmetered });
      assert.deepEqual(decide({ reader: registered, access: 'registered' }), { access: 'full', meter: null, countsRead: false, notice: null, ...unmetered });
    });

    it("shows a premium article's preview and the subscribe call to everyone not entitled", () => {
      for (const reader of [anonymous, registered]) {
        assert.deepEqual(decide({ reader, access: 'premium' }), { access: 'preview', meter: null, wall: { kind: 'subscription-required' }, ...unmetered });
      }
    });

    it('lets subscribers, staff and verified crawlers read everything without counting', () => {
      for (const reader of [subscriber, staff, crawler]) {
        for (const access of ['free', 'metered', 'registered', 'premium'] as const) {
          assert.deepEqual(decide({ reader, access, meter: meterOf(1, 2, 3) }), {
            access: 'full',
            meter: meterOf(1, 2, 3),
            countsRead: false,
            notice: null,
            ...unmetered,
          });
        }
      }
    });
  });

  describe('limits as settings', () => {
    it('with a limit of one, the first read is the last', () => {
      const decision = decide({ settings: { meterLimits: { anonymous: 1, registered: 10 } } });
      assert.deepEqual(decision.access === 'full' && decision.notice, { kind: 'meter-last' });
    });

    it('with a limit of zero, metered articles need an account at once', () => {
      const decision = decide({ settings: { meterLimits: { anonymous: 0, registered: 10 } } });
      assert.deepEqual(decision.access === 'preview' && decision.wall, { kind: 'meter-exhausted', reader: 'anonymous', limit: 0 });
    });
  });

  describe("the month is the publication's", () => {
    it("counts a read late on the last evening of October in New York as October's", () => {
      const octoberMeter: Meter = { period: '2026-10', articleIds: [1, 2, 3] };
      const halloweenNight = new Date('2026-11-01T03:30:00Z');
      assert.equal(decide({ id: 4, meter: octoberMeter, now: halloweenNight }).access, 'preview');
      const novemberMorning = new Date('2026-11-01T04:30:00Z');
      assert.equal(decide({ id: 4, meter: octoberMeter, now: novemberMorning }).access, 'full');
    });

    it("starts January's meter at midnight on New Year's Eve in the publication's zone", () => {
      const decemberMeter: Meter = { period: '2026-12', articleIds: [1, 2, 3] };
      assert.equal(decide({ id: 4, meter: decemberMeter, timeZone: 'Asia/Tokyo', now: new Date('2026-12-31T14:59:59Z') }).access, 'preview');
      const newYear = decide({ id: 4, meter: decemberMeter, timeZone: 'Asia/Tokyo', now: new Date('2026-12-31T15:00:00Z') });
      assert.deepEqual(newYear.meter, { period: '2027-01', articleIds: [4] });
    });
  });
});

describe('deciding a read under meter rules', () => {
  const newsletterTwoMore: MeterRule = {
    id: 1,
    name: 'Newsletter readers get 2 more',
    condition: { source: 'newsletter', reader: null, campaign: null, sectionId: null },
    effect: { kind: 'more', articles: 2 },
  };
  const socialNone: MeterRule = {
    id: 2,
    name: 'No free articles from social',
    condition: { source: 'social', reader: null, campaign: null, sectionId: null },
    effect: { kind: 'set', articles: 0 },
  };
  const meterRules = [newsletterTwoMore, socialNone];
  const newsletter: Visit = { source: 'newsletter', campaign: 'morning-briefing' };
  const applied = { id: 1, name: 'Newsletter readers get 2 more' };

  it('lets a reader from the newsletter read two more, and counts the notice with that limit', () => {
    assert.deepEqual(decide({ id: 4, meter: meterOf(1, 2, 3), meterRules, visit: newsletter }), {
      access: 'full',
      meter: meterOf(1, 2, 3, 4),
      countsRead: true,
      notice: { kind: 'meter-remaining', remaining: 1 },
      rule: applied,
      meterLimit: 5,
    });
    const fifth = decide({ id: 5, meter: meterOf(1, 2, 3, 4), meterRules, visit: newsletter });
    assert.deepEqual(fifth.access === 'full' && fifth.notice, { kind: 'meter-last' });
    assert.deepEqual(decide({ id: 6, meter: meterOf(1, 2, 3, 4, 5), meterRules, visit: newsletter }), {
      access: 'preview',
      meter: meterOf(1, 2, 3, 4, 5),
      wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 5 },
      rule: applied,
      meterLimit: 5,
    });
  });

  it('judges each visit on its own: the same reader arriving directly is back on the setting', () => {
    assert.deepEqual(decide({ id: 6, meter: meterOf(1, 2, 3, 4), meterRules }), {
      access: 'preview',
      meter: meterOf(1, 2, 3, 4),
      wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 3 },
      rule: null,
      meterLimit: 3,
    });
    // What they read from the newsletter stays theirs to read again, without a notice of reads left.
    assert.deepEqual(decide({ id: 4, meter: meterOf(1, 2, 3, 4), meterRules }), {
      access: 'full',
      meter: meterOf(1, 2, 3, 4),
      countsRead: false,
      notice: null,
      rule: null,
      meterLimit: 3,
    });
  });

  it('can close the meter for a source, naming the rule on the wall', () => {
    const decision = decide({ id: 1, meterRules, visit: { source: 'social', campaign: null } });
    assert.deepEqual(decision, {
      access: 'preview',
      meter: { period: '2026-11', articleIds: [] },
      wall: { kind: 'meter-exhausted', reader: 'anonymous', limit: 0 },
      rule: { id: 2, name: 'No free articles from social' },
      meterLimit: 0,
    });
  });

  it('tells a lapsed reader why the meter is back, on the limit the rule gives', () => {
    const lapsed: Reader = { kind: 'registered', readerId: 7, lapsed: 'subscription' };
    const decision = decide({ reader: lapsed, id: 13, meter: meterOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), meterRules, visit: newsletter });
    assert.deepEqual(decision.access === 'preview' && decision.wall, { kind: 'subscription-expired' });
    assert.equal(decision.meterLimit, 12);
    assert.deepEqual(decision.rule, applied);
  });

  it('has no part in reads the meter has none in', () => {
    for (const access of ['free', 'registered', 'premium'] as const) {
      const decision = decide({ reader: registered, access, meterRules, visit: newsletter });
      assert.deepEqual([decision.rule, decision.meterLimit], [null, null], access);
    }
    for (const reader of [subscriber, staff, crawler]) {
      const decision = decide({ reader, meterRules, visit: newsletter });
      assert.deepEqual([decision.access, decision.rule, decision.meterLimit], ['full', null, null]);
    }
  });

  it('never counts a read past the limit the applied rule gives, and never grants a month more than the most generous limit applied in it', () => {
    const sources = fc.constantFrom<Visit['source']>('search', 'social', 'newsletter', 'campaign', 'internal', 'referral', 'direct');
    const ruleOf = fc.record({
      source: fc.option(sources, { nil: null }),
      effect: fc.oneof(
        fc.record({ kind: fc.constant('more' as const), articles: fc.integer({ min: 1, max: 100 }) }),
        fc.record({ kind: fc.constant('fewer' as const), articles: fc.integer({ min: 1, max: 100 }) }),
        fc.record({ kind: fc.constant('set' as const), articles: fc.integer({ min: 0, max: 100 }) }),
      ),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<Reader>(anonymous, registered),
        fc.array(ruleOf, { maxLength: 4 }),
        fc.array(fc.record({ id: fc.integer({ min: 1, max: 30 }), source: sources }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 12 }),
        (reader, drafts, reads, limit) => {
          const rules: MeterRule[] = drafts.map(({ source, effect }, index) => ({
            id: index + 1,
            name: `rule ${index + 1}`,
            condition: { source, reader: null, campaign: null, sectionId: null },
            effect,
          }));
          let meter: Meter | null = null;
          let mostGenerous = 0;
          const granted = new Set<number>();
          for (const { id, source } of reads) {
            const decision = decide({
              reader,
              id,
              meter,
              meterRules: rules,
              visit: { source, campaign: null },
              settings: { meterLimits: { anonymous: limit, registered: limit } },
            });
            const applied = decision.meterLimit ?? -1;
            mostGenerous = Math.max(mostGenerous, applied);
            if (decision.access === 'full' && decision.countsRead) assert.ok((decision.meter?.articleIds.length ?? 0) <= applied);
            if (decision.access === 'full') granted.add(id);
            assert.ok(granted.size <= mostGenerous);
            const expectedRule = rules.find((rule) => rule.condition.source === null || rule.condition.source === source) ?? null;
            assert.equal(decision.rule?.id ?? null, expectedRule?.id ?? null);
            meter = decision.meter;
          }
        },
      ),
    );
  });
});

describe('deciding a read of an article that requires a tier', () => {
  const lapsedTrial: Reader = { kind: 'registered', readerId: 13, lapsed: 'trial' };
  const lapsedSubscription: Reader = { kind: 'registered', readerId: 14, lapsed: 'subscription' };
  const everyone: [string, Reader][] = [
    ['an anonymous reader', anonymous],
    ['a registered reader', registered],
    ['a reader whose trial ended', lapsedTrial],
    ['a reader whose subscription ended', lapsedSubscription],
    ['a subscriber whose plan gives no tier', subscriber],
    ['a Digital subscriber', digitalSubscriber],
    ['a Premium subscriber', premiumSubscriber],
    ['a reader with complimentary access', complimentary],
    ['staff', staff],
    ['a verified crawler', crawler],
  ];
  const premiumWall: Record<string, AccessDecision['access'] | string> = {
    'an anonymous reader': 'tier-required',
    'a registered reader': 'tier-required',
    'a reader whose trial ended': 'trial-expired',
    'a reader whose subscription ended': 'subscription-expired',
    'a subscriber whose plan gives no tier': 'upgrade-required',
    'a Digital subscriber': 'upgrade-required',
    'a Premium subscriber': 'full',
    'a reader with complimentary access': 'full',
    staff: 'full',
    'a verified crawler': 'full',
  };
  const outcome = (decision: AccessDecision) => (decision.access === 'full' ? 'full' : decision.wall.kind);

  for (const [who, reader] of everyone) {
    it(`gives ${who} a Premium subscribers-only article as: ${premiumWall[who]}`, () => {
      const decision = decide({ access: 'premium', requiredTier: premium, reader, meter: meterOf() });
      assert.equal(outcome(decision), premiumWall[who]);
      if (decision.access === 'preview') {
        assert.deepEqual(decision.meter, meterOf(), 'a refused read counts nothing');
        if (decision.wall.kind === 'tier-required' || decision.wall.kind === 'upgrade-required') assert.deepEqual(decision.wall.tier, premium);
      } else assert.equal(decision.countsRead, false);
    });

    it(`reads free, metered and registered articles the same for ${who} whatever tier is named with them`, () => {
      for (const access of ['free', 'metered', 'registered'] as const) {
        for (const meter of [meterOf(), meterOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]) {
          assert.deepEqual(decide({ access, requiredTier: premium, reader, meter, id: 20 }), decide({ access, requiredTier: null, reader, meter, id: 20 }));
        }
      }
    });
  }

  it('opens a subscribers-only article that requires no tier to every subscriber, whatever their plan gives', () => {
    for (const reader of [subscriber, digitalSubscriber, premiumSubscriber, complimentary]) {
      assert.equal(outcome(decide({ access: 'premium', requiredTier: null, reader })), 'full');
    }
  });

  it('never opens a tier-locked article on the meter, however much of it is left', () => {
    for (const reader of [anonymous, registered]) {
      const decision = decide({
        access: 'premium',
        requiredTier: premium,
        reader,
        meter: meterOf(),
        settings: { meterLimits: { anonymous: 100, registered: 100 } },
      });
      assert.equal(decision.access, 'preview');
    }
  });
});

describe('properties of the decision', () => {
  const readers = fc.constantFrom<Reader>(anonymous, registered, { kind: 'registered', readerId: 1, lapsed: 'trial' });
  const levels = fc.constantFrom<AccessLevel>('free', 'metered', 'registered', 'premium');

  it('no sequence of reads grants more distinct metered articles than the limit', () => {
    fc.assert(
      fc.property(readers, fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 80 }), fc.integer({ min: 0, max: 12 }), (reader, ids, limit) => {
        const settings = { meterLimits: { anonymous: limit, registered: limit } };
        let meter: Meter | null = null;
        const granted = new Set<number>();
        for (const id of ids) {
          const decision = decideAccess({
            article: { id, access: 'metered', sectionId: 1, requiredTier: null },
            reader,
            meter,
            settings,
            meterRules: [],
            visit: direct,
            timeZone,
            now,
          });
          if (decision.access === 'full') granted.add(id);
          meter = decision.meter;
        }
        return granted.size <= limit;
      }),
    );
  });

  it('reading an article again never costs anything', () => {
    fc.assert(
      fc.property(
        readers,
        levels,
        fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 20 }),
        (reader, access, history, id) => {
          const question = {
            article: { id, access, sectionId: 1, requiredTier: null },
            reader,
            settings: defaultAccessSettings,
            meterRules: [],
            visit: direct,
            timeZone,
            now,
          };
          const first = decideAccess({ ...question, meter: { period: '2026-11', articleIds: [...new Set(history)].sort((a, b) => a - b) } });
          const again = decideAccess({ ...question, meter: first.meter });
          if (first.access === 'full') return again.access === 'full' && !again.countsRead && JSON.stringify(again.meter) === JSON.stringify(first.meter);
          return again.access === 'preview';
        },
      ),
    );
  });

  it('entitlement always wins where no tier is required, and wherever the reader holds the one that is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Reader>(subscriber, premiumSubscriber, complimentary, staff, crawler),
        levels,
        fc.constantFrom<RequiredTier | null>(null, premium),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 60 }),
        (reader, access, requiredTier, ids) => {
          fc.pre(requiredTier === null || reader !== subscriber);
          const meter = { period: '2026-11', articleIds: [...new Set(ids)].sort((a, b) => a - b) };
          const decision = decideAccess({
            article: { id: 99, access, sectionId: 1, requiredTier },
            reader,
            meter,
            settings: { meterLimits: { anonymous: 0, registered: 0 } },
            meterRules: [],
            visit: direct,
            timeZone,
            now,
          });
          return decision.access === 'full' && !decision.countsRead;
        },
      ),
    );
  });
});
