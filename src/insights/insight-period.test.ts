import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverOfSpan, daysFrom, lastDayOfMonth } from './insight-days.ts';
import { instantsOf, InvalidPeriodError, parsePeriod } from './insight-period.ts';

const today = '2026-12-02';

describe('the period insights cover', () => {
  it('is the last 30 days to today when nothing is asked, compared with the 30 before', () => {
    assert.deepEqual(parsePeriod({ from: undefined, to: '', today }), {
      first: '2026-11-03',
      last: '2026-12-02',
      days: 30,
      previous: { first: '2026-10-04', last: '2026-11-02' },
    });
  });

  it('takes both ends as asked, across a month and a leap day', () => {
    assert.deepEqual(parsePeriod({ from: '2024-02-28', to: '2024-03-01', today }), {
      first: '2024-02-28',
      last: '2024-03-01',
      days: 3,
      previous: { first: '2024-02-25', last: '2024-02-27' },
    });
    assert.equal(parsePeriod({ from: '2026-12-02', to: '2026-12-02', today }).days, 1);
    assert.equal(parsePeriod({ from: undefined, to: '2026-06-30', today }).first, '2026-06-01');
  });

  it('refuses dates that are not dates, a period that runs backwards or past today, and one over two years', () => {
    const refused = (from: string | undefined, to: string | undefined, field: string) =>
      assert.throws(
        () => parsePeriod({ from, to, today }),
        (error) => error instanceof InvalidPeriodError && error.meaning.kind === 'invalid' && error.meaning.field === field,
        `${from} to ${to}`,
      );
    refused('2026-02-30', undefined, 'from');
    refused('yesterday', undefined, 'from');
    refused('2026-1-01', undefined, 'from');
    refused(undefined, '2026-13-01', 'to');
    refused(undefined, '2026-12-03', 'to');
    refused('2026-11-02', '2026-11-01', 'from');
    refused('2024-12-01', '2026-12-02', 'from');
    assert.equal(parsePeriod({ from: '2024-12-02', to: '2026-12-02', today }).days, 731);
  });

  it('covers the instants from the first day’s start to the next day after the last', () => {
    assert.deepEqual(instantsOf({ first: '2026-11-30', last: '2026-12-01' }), { from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') });
    assert.deepEqual(daysFrom('2026-11-30', '2026-12-01'), ['2026-11-30', '2026-12-01']);
    assert.deepEqual(daysFrom('2026-12-01', '2026-11-30'), []);
  });
});

describe('reading a span from the rollups', () => {
  it('knows the last day of every month, leap years included', () => {
    assert.deepEqual(['2024-02-10', '2026-02-01', '2026-04-30', '2026-12-31'].map(lastDayOfMonth), ['2024-02-29', '2026-02-28', '2026-04-30', '2026-12-31']);
  });

  it('takes whole months inside the span from their merged sketches once final, and every other day on its own', () => {
    assert.deepEqual(coverOfSpan({ first: '2026-09-29', last: '2026-12-02' }, '2026-12-01'), {
      months: ['2026-10', '2026-11'],
      days: ['2026-09-29', '2026-09-30', '2026-12-01', '2026-12-02'],
    });
    const notFinal = coverOfSpan({ first: '2026-11-01', last: '2026-11-30' }, '2026-11-29');
    assert.deepEqual([notFinal.months, notFinal.days.length], [[], 30]);
    assert.deepEqual(coverOfSpan({ first: '2026-11-01', last: '2026-11-30' }, null).months, []);
    assert.deepEqual(coverOfSpan({ first: '2026-11-02', last: '2026-11-30' }, '2026-12-01').months, []);
  });
});
