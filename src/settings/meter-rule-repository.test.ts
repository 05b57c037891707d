import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { parseMeterRuleDraft } from '../access/meter-rule-draft.ts';
import { DomainError } from '../errors/domain-error.ts';
import { readContentVersion } from './content-version.ts';
import { changeMeterRuleState, insertMeterRule, listMeterRules, listRulesInForce, moveMeterRule, updateMeterRule } from './meter-rule-repository.ts';

const now = new Date('2026-11-20T17:00:00Z');
const later = new Date('2026-11-21T17:00:00Z');
const { db, dialect } = await openTestDatabase();
const draft = (name: string, source: string) => parseMeterRuleDraft({ name, source, effect: 'more', articles: '1' }, { sectionIds: [] });
const names = (rules: readonly { name: string }[]) => rules.map((rule) => rule.name);

function refusedAs(kind: string) {
  return (error: unknown) => error instanceof DomainError && error.meaning.kind === kind;
}

describe(`the meter rules as kept (${dialect})`, () => {
  const ids: Record<string, number> = {};

  it('keeps new rules last in the order, each raising the content version', async () => {
    for (const [name, source] of [
      ['Search', 'search'],
      ['Social', 'social'],
      ['Newsletter', 'newsletter'],
    ] as const) {
      const before = await readContentVersion(db);
      ids[name] = await insertMeterRule(db, draft(name, source), now);
      assert.equal(await readContentVersion(db), before + 1);
    }
    assert.deepEqual(names(await listRulesInForce(db)), ['Search', 'Social', 'Newsletter']);
    assert.deepEqual((await listRulesInForce(db))[0], {
      id: ids.Search,
      name: 'Search',
      condition: { source: 'search', reader: null, campaign: null, sectionId: null },
      effect: { kind: 'more', articles: 1 },
    });
  });

  it('moves a rule one place at a time, and nowhere past either end', async () => {
    assert.equal((await moveMeterRule(db, ids.Newsletter ?? 0, 'earlier', now)).hasMoved, true);
    assert.deepEqual(names(await listRulesInForce(db)), ['Search', 'Newsletter', 'Social']);
    assert.equal((await moveMeterRule(db, ids.Newsletter ?? 0, 'earlier', now)).hasMoved, true);
    assert.equal((await moveMeterRule(db, ids.Newsletter ?? 0, 'earlier', now)).hasMoved, false);
    assert.equal((await moveMeterRule(db, ids.Social ?? 0, 'later', now)).hasMoved, false);
    assert.deepEqual(names(await listRulesInForce(db)), ['Newsletter', 'Search', 'Social']);
  });

  it('keeps a paused rule in its place and out of force; a retired one out of the order for good', async () => {
    await changeMeterRuleState(db, ids.Search ?? 0, 'paused', now);
    assert.deepEqual(names(await listRulesInForce(db)), ['Newsletter', 'Social']);
    assert.deepEqual(names(await listMeterRules(db)), ['Newsletter', 'Search', 'Social']);
    await assert.rejects(changeMeterRuleState(db, ids.Search ?? 0, 'paused', now), refusedAs('conflict'));
    await changeMeterRuleState(db, ids.Search ?? 0, 'active', now);
    await changeMeterRuleState(db, ids.Newsletter ?? 0, 'retired', later);
    assert.deepEqual(names(await listMeterRules(db)), ['Search', 'Social', 'Newsletter'], 'the retired come after the order');
    assert.equal((await moveMeterRule(db, ids.Search ?? 0, 'earlier', now)).hasMoved, false, 'a retired rule holds no place');
    await assert.rejects(changeMeterRuleState(db, ids.Newsletter ?? 0, 'active', now), refusedAs('conflict'));
    await assert.rejects(updateMeterRule(db, ids.Newsletter ?? 0, draft('Again', 'newsletter'), now), refusedAs('conflict'));
    await assert.rejects(moveMeterRule(db, ids.Newsletter ?? 0, 'later', now), refusedAs('conflict'));
  });

  it('rewrites a rule in its place and state, giving back what it was', async () => {
    const before = await updateMeterRule(db, ids.Social ?? 0, draft('Social, renamed', 'social'), now);
    assert.equal(before.name, 'Social');
    assert.deepEqual(names(await listRulesInForce(db)), ['Search', 'Social, renamed']);
    await assert.rejects(updateMeterRule(db, 999_999, draft('Nobody', 'search'), now), refusedAs('not-found'));
  });
});
