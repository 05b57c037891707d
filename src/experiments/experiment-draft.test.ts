import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidExperimentError, parseExperimentDraft } from './experiment-draft.ts';

const context = { offerIds: new Set([4, 5, 6]), locale: 'en' };
const meterForm = {
  name: 'Five free articles',
  kind: 'meter-limit',
  reader: 'anonymous',
  metric: 'paid',
  baseRate: '2',
  minimumEffect: '1',
  'variant.a.name': 'Three',
  'variant.a.share': '50',
  'variant.a.limit': '3',
  'variant.b.name': 'Five',
  'variant.b.share': '50',
  'variant.b.limit': '5',
};

function refusal(form: Record<string, string>): { field: string | null; message: string } {
  try {
    parseExperimentDraft(form, context);
  } catch (error) {
    assert.ok(error instanceof InvalidExperimentError);
    return { field: error.meaning.kind === 'invalid' ? error.meaning.field : null, message: error.message };
  }
  assert.fail('the form was accepted');
}

describe("an experiment from the newsroom's form", () => {
  it('takes a meter-limit experiment with its plan worked out before the start', () => {
    assert.deepEqual(parseExperimentDraft(meterForm, context), {
      name: 'Five free articles',
      kind: 'meter-limit',
      metric: 'paid',
      variants: [
        { key: 'a', name: 'Three', share: 50, change: { kind: 'meter-limit', reader: 'anonymous', limit: 3 } },
        { key: 'b', name: 'Five', share: 50, change: { kind: 'meter-limit', reader: 'anonymous', limit: 5 } },
      ],
      plan: { baseRatePercent: 2, minimumEffectPercent: 1, readersPerVariant: 3826 },
    });
  });

  it('takes three variants, leaving out a fourth with no name, for the registered meter', () => {
    const draft = parseExperimentDraft(
      {
        ...meterForm,
        reader: 'registered',
        'variant.a.share': '34',
        'variant.b.share': '33',
        'variant.c.name': 'Ten',
        'variant.c.share': '33',
        'variant.c.limit': '10',
        'variant.d.limit': '99',
      },
      context,
    );
    assert.deepEqual(
      draft.variants.map(({ key, change }) => [key, change]),
      [
        ['a', { kind: 'meter-limit', reader: 'registered', limit: 3 }],
        ['b', { kind: 'meter-limit', reader: 'registered', limit: 5 }],
        ['c', { kind: 'meter-limit', reader: 'registered', limit: 10 }],
      ],
    );
  });

  it('takes the other kinds: offers by their boxes, wording checked as ICU, a registration wall or none', () => {
    const offers = parseExperimentDraft(
      { ...meterForm, kind: 'paywall-offers', 'variant.a.offer.4': 'on', 'variant.b.offer.5': 'on', 'variant.b.offer.6': 'on', 'variant.b.offer.99': 'on' },
      context,
    );
    assert.deepEqual(
      offers.variants.map(({ change }) => change),
      [
        { kind: 'paywall-offers', offerIds: [4] },
        { kind: 'paywall-offers', offerIds: [5, 6] },
      ],
    );
    const wording = parseExperimentDraft(
      {
        ...meterForm,
        kind: 'paywall-wording',
        metric: 'registered',
        'variant.a.title': 'Subscribe to keep reading',
        'variant.a.body': 'You have read {limit} articles.',
        'variant.b.title': 'Join {publication}',
        'variant.b.body': 'Keep reading.',
      },
      context,
    );
    assert.equal(wording.metric, 'registered');
    assert.deepEqual(wording.variants[1]?.change, { kind: 'paywall-wording', title: 'Join {publication}', body: 'Keep reading.' });
    const wall = parseExperimentDraft({ ...meterForm, kind: 'registration-wall', 'variant.a.after': '', 'variant.b.after': '1' }, context);
    assert.deepEqual(
      wall.variants.map(({ change }) => change),
      [
        { kind: 'registration-wall', after: null },
        { kind: 'registration-wall', after: 1 },
      ],
    );
  });

  it('names the field at fault', () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...meterForm, name: ' ' }, 'name'],
      [{ ...meterForm, kind: 'price' }, 'kind'],
      [{ ...meterForm, metric: 'clicks' }, 'metric'],
      [{ ...meterForm, 'variant.b.name': '' }, 'variant.a.name'],
      [{ ...meterForm, 'variant.a.name': '', 'variant.c.name': 'C', 'variant.c.share': '50', 'variant.c.limit': '4' }, 'variant.a.name'],
      [{ ...meterForm, 'variant.b.share': '40' }, 'variant.a.share'],
      [{ ...meterForm, 'variant.b.share': '0' }, 'variant.b.share'],
      [{ ...meterForm, 'variant.b.limit': '101' }, 'variant.b.limit'],
      [{ ...meterForm, 'variant.b.limit': '2.5' }, 'variant.b.limit'],
      [{ ...meterForm, 'variant.b.limit': '3' }, 'variant.b.name'],
      [{ ...meterForm, baseRate: '0' }, 'baseRate'],
      [{ ...meterForm, baseRate: 'two' }, 'baseRate'],
      [{ ...meterForm, minimumEffect: '100' }, 'minimumEffect'],
      [{ ...meterForm, baseRate: '60', minimumEffect: '40' }, 'minimumEffect'],
      [{ ...meterForm, kind: 'paywall-offers', 'variant.a.offer.4': 'on' }, 'variant.b.offers'],
      [
        { ...meterForm, kind: 'paywall-offers', 'variant.a.offer.4': 'on', 'variant.b.offer.4': 'on', 'variant.b.offer.5': 'on', 'variant.b.offer.6': 'on' },
        'variant.b.offers',
      ],
      [{ ...meterForm, kind: 'paywall-wording', 'variant.a.title': 'T', 'variant.a.body': '' }, 'variant.a.body'],
      [{ ...meterForm, kind: 'paywall-wording', 'variant.a.title': 'T {unknown', 'variant.a.body': 'B' }, 'variant.a.title'],
      [{ ...meterForm, kind: 'registration-wall', 'variant.a.after': 'x' }, 'variant.a.after'],
    ];
    for (const [form, field] of cases) assert.equal(refusal(form).field, field, JSON.stringify(form));
  });
});
