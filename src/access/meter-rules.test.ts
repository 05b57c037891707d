import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { visitSources, type Visit } from '../insights/visit-source.ts';
import { maximumMeterLimit } from './access-settings.ts';
import {
  canChangeRuleState,
  limitAfter,
  meterRuleStates,
  meterAllowanceFor,
  ruleHolds,
  ruleReaderKinds,
  shadowingRuleOf,
  type MeteredRead,
  type MeteredReader,
  type MeterRule,
  type MeterRuleCondition,
} from './meter-rules.ts';

const anonymous: MeteredReader = { kind: 'anonymous' };
const registered: MeteredReader = { kind: 'registered', readerId: 7, lapsed: null };
const lapsed: MeteredReader = { kind: 'registered', readerId: 8, lapsed: 'trial' };
const any: MeterRuleCondition = { source: null, reader: null, campaign: null, sectionId: null };
const from = (source: Visit['source'], campaign: string | null = null): Visit => ({ source, campaign });
const read = (reader: MeteredReader, visit: Visit, sectionId = 1): MeteredRead => ({ reader, visit, sectionId });

function rule(id: number, name: string, condition: Partial<MeterRuleCondition>, effect: MeterRule['effect']): MeterRule {
  return { id, name, condition: { ...any, ...condition }, effect };
}

const newsletterTwoMore = rule(1, 'Newsletter readers get 2 more', { source: 'newsletter' }, { kind: 'more', articles: 2 });
const searchGetFive = rule(2, 'Readers from search get 5', { source: 'search' }, { kind: 'set', articles: 5 });
const socialOneFewer = rule(3, 'Social readers get one fewer', { source: 'social', reader: 'anonymous' }, { kind: 'fewer', articles: 1 });

describe('meter rules', () => {
  describe('the limit a read gets', () => {
    const rules = [newsletterTwoMore, searchGetFive, socialOneFewer];

    it('gives a reader from the newsletter two more than the setting', () => {
      assert.deepEqual(meterAllowanceFor(rules, read(anonymous, from('newsletter', 'morning-briefing')), 3), {
        limit: 5,
        rule: { id: 1, name: 'Newsletter readers get 2 more' },
      });
      assert.equal(meterAllowanceFor(rules, read(registered, from('newsletter')), 10).limit, 12);
    });

    it('gives a reader from search five, whatever the setting', () => {
      for (const base of [0, 3, 10, 100]) assert.equal(meterAllowanceFor(rules, read(anonymous, from('search')), base).limit, 5);
    });

    it('gives an anonymous reader from social one fewer, and a signed-in one from social the setting', () => {
      assert.deepEqual(meterAllowanceFor(rules, read(anonymous, from('social')), 3), { limit: 2, rule: { id: 3, name: 'Social readers get one fewer' } });
      assert.deepEqual(meterAllowanceFor(rules, read(registered, from('social')), 10), { limit: 10, rule: null });
    });

    it('leaves the setting, naming no rule, where none holds', () => {
      for (const source of ['direct', 'internal', 'referral', 'campaign'] as const) {
        assert.deepEqual(meterAllowanceFor(rules, read(anonymous, from(source)), 3), { limit: 3, rule: null });
      }
      assert.deepEqual(meterAllowanceFor([], read(registered, from('newsletter')), 10), { limit: 10, rule: null });
    });

    it('applies the first rule that holds, in the editor order, and only that one', () => {
      const sectionFive = rule(4, 'Climate is open to newsletter readers', { source: 'newsletter', sectionId: 9 }, { kind: 'set', articles: 50 });
      const climateFromNewsletter = read(anonymous, from('newsletter'), 9);
      assert.equal(meterAllowanceFor([newsletterTwoMore, sectionFive], climateFromNewsletter, 3).rule?.id, 1);
      assert.equal(meterAllowanceFor([sectionFive, newsletterTwoMore], climateFromNewsletter, 3).rule?.id, 4);
      assert.equal(meterAllowanceFor([sectionFive, newsletterTwoMore], climateFromNewsletter, 3).limit, 50);
      // Rules do not add up: the first decides alone.
      assert.equal(meterAllowanceFor([newsletterTwoMore, newsletterTwoMore], climateFromNewsletter, 3).limit, 5);
    });

    it('is the first holding rule for every read, over every combination of conditions', () => {
      const conditions = everyCondition();
      const reads = everyRead();
      // A rule list where each condition appears once, in a fixed scrambled order.
      const rules = conditions.map((condition, index) => ({
        id: index + 1,
        name: `rule ${index + 1}`,
        condition,
        effect: { kind: 'set' as const, articles: index % 101 },
      }));
      const order = rules.toSorted((a, b) => ((a.id * 7919) % 331) - ((b.id * 7919) % 331));
      for (const each of reads) {
        const expected = order.find((candidate) => ruleHolds(candidate.condition, each)) ?? null;
        const allowance = meterAllowanceFor(order, each, 3);
        assert.equal(allowance.rule?.id ?? null, expected?.id ?? null);
        assert.equal(allowance.limit, expected === null ? 3 : expected.effect.articles);
      }
    });
  });

  describe('the conditions', () => {
    it('hold for the source the visit came from, and no other', () => {
      for (const source of visitSources) {
        for (const visited of visitSources) {
          assert.equal(ruleHolds({ ...any, source }, read(anonymous, from(visited))), source === visited, `${source} against ${visited}`);
        }
      }
    });

    it('tell anonymous readers, signed-in readers, and signed-in readers whose trial or subscription ended', () => {
      const holds = (kind: (typeof ruleReaderKinds)[number]) =>
        [anonymous, registered, lapsed].map((reader) => ruleHolds({ ...any, reader: kind }, read(reader, from('direct'))));
      assert.deepEqual(holds('anonymous'), [true, false, false]);
      assert.deepEqual(holds('registered'), [false, true, true]);
      assert.deepEqual(holds('lapsed'), [false, false, true]);
      const lapsedSubscriber: MeteredReader = { kind: 'registered', readerId: 9, lapsed: 'subscription' };
      assert.equal(ruleHolds({ ...any, reader: 'lapsed' }, read(lapsedSubscriber, from('direct'))), true);
    });

    it('match a campaign whatever its case, and never a visit without one', () => {
      const spring = { ...any, campaign: 'Spring-Sale' };
      assert.equal(ruleHolds(spring, read(anonymous, from('campaign', 'spring-sale'))), true);
      assert.equal(ruleHolds(spring, read(anonymous, from('newsletter', 'SPRING-SALE'))), true);
      assert.equal(ruleHolds(spring, read(anonymous, from('campaign', 'spring-sale-2'))), false);
      assert.equal(ruleHolds(spring, read(anonymous, from('direct'))), false);
    });

    it("hold for the article's section", () => {
      assert.equal(ruleHolds({ ...any, sectionId: 4 }, read(anonymous, from('direct'), 4)), true);
      assert.equal(ruleHolds({ ...any, sectionId: 4 }, read(anonymous, from('direct'), 5)), false);
    });

    it('must all hold together, over every combination', () => {
      const single = (condition: MeterRuleCondition): MeterRuleCondition[] => [
        { ...any, source: condition.source },
        { ...any, reader: condition.reader },
        { ...any, campaign: condition.campaign },
        { ...any, sectionId: condition.sectionId },
      ];
      for (const condition of everyCondition()) {
        for (const each of everyRead()) {
          assert.equal(
            ruleHolds(condition, each),
            single(condition).every((part) => ruleHolds(part, each)),
          );
        }
      }
    });
  });

  describe('what an effect makes of the limit', () => {
    it('adds, takes away or replaces', () => {
      assert.equal(limitAfter({ kind: 'more', articles: 2 }, 3), 5);
      assert.equal(limitAfter({ kind: 'fewer', articles: 1 }, 3), 2);
      assert.equal(limitAfter({ kind: 'set', articles: 5 }, 3), 5);
      assert.equal(limitAfter({ kind: 'set', articles: 0 }, 10), 0);
    });

    it(`stays within what a meter can count, 0 to ${maximumMeterLimit}, for every setting and effect`, () => {
      for (let base = 0; base <= maximumMeterLimit; base += 1) {
        for (let articles = 0; articles <= maximumMeterLimit; articles += 1) {
          const more = limitAfter({ kind: 'more', articles }, base);
          const fewer = limitAfter({ kind: 'fewer', articles }, base);
          assert.equal(more, Math.min(maximumMeterLimit, base + articles));
          assert.equal(fewer, Math.max(0, base - articles));
          assert.ok(more >= base && fewer <= base);
          assert.equal(limitAfter({ kind: 'set', articles }, base), articles);
        }
      }
    });
  });

  describe("a rule's state", () => {
    it('goes between active and paused, and from either to retired, which is final', () => {
      const allowed = meterRuleStates.flatMap((from) => meterRuleStates.filter((to) => canChangeRuleState(from, to)).map((to) => `${from} → ${to}`));
      assert.deepEqual(allowed, ['active → paused', 'active → retired', 'paused → active', 'paused → retired']);
    });
  });

  describe('a rule that never applies', () => {
    it('is one behind a rule that takes every read it would', () => {
      const newsletter = rule(1, 'Newsletter', { source: 'newsletter' }, { kind: 'more', articles: 2 });
      const newsletterClimate = rule(2, 'Newsletter, climate', { source: 'newsletter', sectionId: 9 }, { kind: 'set', articles: 10 });
      assert.equal(shadowingRuleOf([newsletter, newsletterClimate], 1)?.id, 1);
      assert.equal(shadowingRuleOf([newsletterClimate, newsletter], 1), null, 'the narrower rule first leaves the broader one the rest');
      assert.equal(shadowingRuleOf([newsletter, newsletterClimate], 0), null, 'the first rule always applies somewhere');
      const signedIn = rule(3, 'Signed-in', { reader: 'registered' }, { kind: 'more', articles: 1 });
      const lapsedOnes = rule(4, 'Lapsed', { reader: 'lapsed' }, { kind: 'more', articles: 5 });
      assert.equal(shadowingRuleOf([signedIn, lapsedOnes], 1)?.id, 3, 'lapsed readers are signed-in readers');
      assert.equal(shadowingRuleOf([lapsedOnes, signedIn], 1), null);
    });

    it('is found exactly when every read the later rule holds for, the earlier holds for too, over every pair of conditions', () => {
      const reads = everyRead();
      const conditions = everyCondition();
      const holdsFor = conditions.map((condition) =>
        reads.reduce((bits, each, index) => (ruleHolds(condition, each) ? bits | (1n << BigInt(index)) : bits), 0n),
      );
      const asRule = (condition: MeterRuleCondition, id: number) => rule(id, `rule ${id}`, condition, { kind: 'more', articles: 1 });
      conditions.forEach((earlier, i) => {
        conditions.forEach((later, j) => {
          const takesAll = ((holdsFor[j] ?? 0n) & ~(holdsFor[i] ?? 0n)) === 0n;
          assert.equal(
            shadowingRuleOf([asRule(earlier, 1), asRule(later, 2)], 1) !== null,
            takesAll,
            `${JSON.stringify(earlier)} before ${JSON.stringify(later)}`,
          );
        });
      });
    });
  });
});

/** Every condition over a small world: each source, reader kind, two campaigns and two sections, or any. */
function everyCondition(): MeterRuleCondition[] {
  const conditions: MeterRuleCondition[] = [];
  for (const source of [null, ...visitSources]) {
    for (const reader of [null, ...ruleReaderKinds]) {
      for (const campaign of [null, 'spring', 'autumn']) {
        for (const sectionId of [null, 1, 2]) conditions.push({ source, reader, campaign, sectionId });
      }
    }
  }
  return conditions;
}

/** Every read in the same world, with campaigns in either case and none. */
function everyRead(): MeteredRead[] {
  const reads: MeteredRead[] = [];
  for (const source of visitSources) {
    for (const reader of [anonymous, registered, lapsed]) {
      for (const campaign of [null, 'spring', 'SPRING', 'autumn']) {
        for (const sectionId of [1, 2]) reads.push(read(reader, from(source, campaign), sectionId));
      }
    }
  }
  return reads;
}
