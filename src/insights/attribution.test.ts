import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeConversions, type Credit, type Read } from './attribution.ts';

const at = (text: string) => new Date(`2026-11-${text}Z`);
const read = (
  readerKey: string,
  when: string,
  articleId: number,
  sectionId: number | null = 10 + (articleId % 2),
  authorId: number | null = 100 + articleId,
): Read => ({
  readerKey,
  at: at(when),
  articleId,
  sectionId,
  authorId,
});
const sorted = (credits: Credit[]) =>
  credits.map((credit) => `${credit.goal} ${credit.model} ${credit.dimension} ${credit.subjectId}: ${credit.conversions}`).sort();

describe('crediting conversions to what was read before them', () => {
  it('credits the last article read, and every article, section and author read in the 30 days before, once each', () => {
    const reads = [read('anon', '01T09:00:00', 1), read('anon', '20T09:00:00', 2), read('anon', '20T10:00:00', 1), read('ana', '21T08:00:00', 3, 11, null)];
    const credits = attributeConversions([{ goal: 'subscription', at: at('21T12:00:00'), readerKeys: ['ana', 'anon'] }], reads);
    assert.deepEqual(sorted(credits), [
      'subscription last-read article 3: 1',
      'subscription last-read section 11: 1',
      'subscription read-within-30-days article 1: 1',
      'subscription read-within-30-days article 2: 1',
      'subscription read-within-30-days article 3: 1',
      'subscription read-within-30-days author 101: 1',
      'subscription read-within-30-days author 102: 1',
      'subscription read-within-30-days section 10: 1',
      'subscription read-within-30-days section 11: 1',
    ]);
  });

  it('ignores reads after the conversion, older than 30 days, or by other readers; a conversion with none is credited to nothing', () => {
    const reads = [read('ana', '22T09:00:00', 1), read('ana', '21T12:00:00', 2), read('ben', '21T09:00:00', 3)];
    const october = { readerKey: 'ana', at: new Date('2026-10-22T11:59:59Z'), articleId: 4, sectionId: null, authorId: null };
    assert.deepEqual(attributeConversions([{ goal: 'registration', at: at('21T12:00:00'), readerKeys: ['ana'] }], [...reads, october]), []);
    const justInside = { ...october, at: new Date('2026-10-22T12:00:00Z') };
    assert.deepEqual(sorted(attributeConversions([{ goal: 'registration', at: at('21T12:00:00'), readerKeys: ['ana'] }], [justInside])), [
      'registration last-read article 4: 1',
      'registration read-within-30-days article 4: 1',
    ]);
  });

  it('adds up conversions that share an article, keeping goals apart, and counts a key given twice once', () => {
    const reads = [read('a', '01T09:00:00', 7), read('b', '02T09:00:00', 7)];
    const credits = attributeConversions(
      [
        { goal: 'registration', at: at('03T00:00:00'), readerKeys: ['a', 'a'] },
        { goal: 'registration', at: at('03T00:00:00'), readerKeys: ['b'] },
        { goal: 'subscription', at: at('04T00:00:00'), readerKeys: ['b'] },
      ],
      reads,
    );
    assert.ok(sorted(credits).includes('registration last-read article 7: 2'));
    assert.ok(sorted(credits).includes('registration read-within-30-days section 11: 2'));
    assert.ok(sorted(credits).includes('subscription last-read author 107: 1'));
  });
});
