import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldUsageReport, monthOf, monthsEndingAt } from './usage-report.ts';

const at = (text: string) => new Date(text);

describe('the monthly usage report (foldUsageReport)', () => {
  const months = ['2026-04', '2026-05', '2026-06'];
  const seats = [
    { readerKey: 'ana', joinedAt: at('2026-04-10T00:00:00Z'), removedAt: null },
    { readerKey: 'ben', joinedAt: at('2026-05-01T00:00:00Z'), removedAt: at('2026-05-20T00:00:00Z') },
  ];

  it('counts each member once a month and each of their articles once a month', () => {
    const reads = [
      { readerKey: 'ana', at: at('2026-04-11T09:00:00Z'), articleId: 1 },
      { readerKey: 'ana', at: at('2026-04-12T09:00:00Z'), articleId: 1 },
      { readerKey: 'ana', at: at('2026-04-12T10:00:00Z'), articleId: 2 },
      { readerKey: 'ana', at: at('2026-05-02T10:00:00Z'), articleId: 1 },
      { readerKey: 'ben', at: at('2026-05-02T10:00:00Z'), articleId: 1 },
    ];
    assert.deepEqual(foldUsageReport({ seats, reads, months }), [
      { month: '2026-04', activeMembers: 1, articlesRead: 2 },
      { month: '2026-05', activeMembers: 2, articlesRead: 2 },
      { month: '2026-06', activeMembers: 0, articlesRead: 0 },
    ]);
  });

  it('leaves out reads before a member joined, after they left, by non-members, and outside the months', () => {
    const reads = [
      { readerKey: 'ana', at: at('2026-04-09T23:59:59Z'), articleId: 1 },
      { readerKey: 'ben', at: at('2026-05-20T00:00:00Z'), articleId: 1 },
      { readerKey: 'cleo', at: at('2026-05-05T00:00:00Z'), articleId: 1 },
      { readerKey: 'ana', at: at('2026-07-01T00:00:00Z'), articleId: 1 },
    ];
    assert.deepEqual(
      foldUsageReport({ seats, reads, months }).map(({ activeMembers, articlesRead }) => activeMembers + articlesRead),
      [0, 0, 0],
    );
  });

  it('counts a member who left and came back for both spans', () => {
    const twice = [
      { readerKey: 'dan', joinedAt: at('2026-04-01T00:00:00Z'), removedAt: at('2026-04-10T00:00:00Z') },
      { readerKey: 'dan', joinedAt: at('2026-06-01T00:00:00Z'), removedAt: null },
    ];
    const reads = [
      { readerKey: 'dan', at: at('2026-04-02T00:00:00Z'), articleId: 1 },
      { readerKey: 'dan', at: at('2026-05-02T00:00:00Z'), articleId: 1 },
      { readerKey: 'dan', at: at('2026-06-02T00:00:00Z'), articleId: 1 },
    ];
    assert.deepEqual(
      foldUsageReport({ seats: twice, reads, months }).map(({ articlesRead }) => articlesRead),
      [1, 0, 1],
    );
  });

  it('names months in UTC and counts back from the current one across a year', () => {
    assert.equal(monthOf(at('2026-06-30T23:59:59Z')), '2026-06');
    assert.deepEqual(monthsEndingAt(at('2026-02-15T00:00:00Z'), 3), ['2025-12', '2026-01', '2026-02']);
  });
});
