import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultInsightKeeping, insightCutoffOf, InvalidInsightKeepingError, parseInsightKeeping } from './insight-keeping.ts';

describe('how long the insights ledger keeps its events', () => {
  it('keeps them 400 days unless told otherwise', () => {
    assert.deepEqual(parseInsightKeeping({}), defaultInsightKeeping);
    assert.equal(defaultInsightKeeping.keepDays, 400);
  });

  it('takes a whole number of days from 30 to 1,100, typed or stored', () => {
    assert.deepEqual(parseInsightKeeping({ keepDays: '30' }), { keepDays: 30 });
    assert.deepEqual(parseInsightKeeping({ keepDays: ' 1100 ' }), { keepDays: 1100 });
    assert.deepEqual(parseInsightKeeping({ keepDays: 90 }), { keepDays: 90 });
  });

  it('refuses anything else, saying what it takes', () => {
    for (const keepDays of ['29', '1101', '', 'ninety', '90.5', '-90', '1e3', 90.5, true, ['90']]) {
      assert.throws(
        () => parseInsightKeeping({ keepDays }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidInsightKeepingError, String(keepDays));
          assert.equal(error.message, 'Keep the events for a whole number of days from 30 to 1100');
          return true;
        },
      );
    }
  });

  it('deletes what happened more than the kept days before now', () => {
    assert.deepEqual(insightCutoffOf({ keepDays: 30 }, new Date('2026-03-31T12:00:00Z')), new Date('2026-03-01T12:00:00Z'));
  });
});
