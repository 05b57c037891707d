import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidMeterRuleError, parseMeterRuleDraft, type MeterRuleFields } from './meter-rule-draft.ts';

const sections = { sectionIds: [3, 4] };
const newsletter: MeterRuleFields = { name: 'Newsletter readers get 2 more', source: 'newsletter', effect: 'more', articles: '2' };

function refusal(fields: MeterRuleFields): { field: string | null; message: string } {
  try {
    parseMeterRuleDraft(fields, sections);
  } catch (error) {
    assert.ok(error instanceof InvalidMeterRuleError);
    assert.equal(error.meaning.kind, 'invalid');
    return { field: error.meaning.kind === 'invalid' ? error.meaning.field : null, message: error.message };
  }
  assert.fail(`${JSON.stringify(fields)} was accepted`);
}

describe("an editor's meter rule", () => {
  it('reads the form into a rule, blank fields meaning any', () => {
    assert.deepEqual(parseMeterRuleDraft(newsletter, sections), {
      name: 'Newsletter readers get 2 more',
      condition: { source: 'newsletter', reader: null, campaign: null, sectionId: null },
      effect: { kind: 'more', articles: 2 },
    });
    assert.deepEqual(
      parseMeterRuleDraft(
        { name: '  Spring  sale, climate ', reader: 'anonymous', campaign: ' Spring-Sale ', section: '4', effect: 'set', articles: '0' },
        sections,
      ),
      {
        name: 'Spring sale, climate',
        condition: { source: null, reader: 'anonymous', campaign: 'Spring-Sale', sectionId: 4 },
        effect: { kind: 'set', articles: 0 },
      },
    );
    assert.deepEqual(parseMeterRuleDraft({ ...newsletter, source: '', reader: 'lapsed', effect: 'fewer', articles: '100' }, sections).effect, {
      kind: 'fewer',
      articles: 100,
    });
  });

  it('needs a name of at most 80 characters', () => {
    assert.equal(refusal({ ...newsletter, name: '   ' }).field, 'name');
    assert.equal(refusal({ ...newsletter, name: undefined }).field, 'name');
    assert.equal(refusal({ ...newsletter, name: 'x'.repeat(81) }).field, 'name');
    assert.equal(parseMeterRuleDraft({ ...newsletter, name: 'x'.repeat(80) }, sections).name.length, 80);
  });

  it('needs at least one condition, since a limit for everyone is the setting', () => {
    const { field, message } = refusal({ name: 'Everyone', effect: 'more', articles: '1' });
    assert.equal(field, 'source');
    assert.match(message, /at least one condition/);
  });

  it('takes sources, readers and sections only from their lists', () => {
    assert.equal(refusal({ ...newsletter, source: 'carrier-pigeon' }).field, 'source');
    assert.equal(refusal({ ...newsletter, reader: 'subscriber' }).field, 'reader');
    for (const section of ['5', '-3', '3.0', 'world', '99999999999']) assert.equal(refusal({ ...newsletter, section }).field, 'section');
    assert.equal(refusal({ ...newsletter, campaign: 'c'.repeat(101) }).field, 'campaign');
  });

  it('needs an effect and a whole number of articles: 1 to 100 more or fewer, 0 to 100 as its own limit', () => {
    assert.equal(refusal({ ...newsletter, effect: 'double' }).field, 'effect');
    assert.equal(refusal({ ...newsletter, effect: undefined }).field, 'effect');
    for (const articles of ['', '0', '101', '2.5', '-1', 'two', '1e2']) assert.equal(refusal({ ...newsletter, articles }).field, 'articles', articles);
    for (const articles of ['', '101', '-1']) assert.equal(refusal({ ...newsletter, effect: 'set', articles }).field, 'articles', articles);
    assert.equal(parseMeterRuleDraft({ ...newsletter, effect: 'set', articles: '0' }, sections).effect.articles, 0);
  });
});
