import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countedMatchesLimit, rankLatestMatches, type SearchMatch } from './rank-matches.ts';

const match = (id: number, score: number, publishedAt = '2026-11-01T00:00:00Z'): SearchMatch => ({ id, score, publishedAt });

describe('ranking the latest matches', () => {
  it('puts the best score first, then the more recent, then the newer id', () => {
    const latestFirst = [match(6, 1), match(5, 3), match(4, 2, '2026-11-02T00:00:00Z'), match(3, 2, '2026-11-01T00:00:00Z'), match(2, 1), match(1, 3)];
    assert.deepEqual(rankLatestMatches(latestFirst, { limit: 10, offset: 0 }).ids, [5, 1, 4, 3, 6, 2]);
  });

  it('pages through the ranking', () => {
    const latestFirst = Array.from({ length: 25 }, (_, index) => match(25 - index, index));
    const pages = [0, 10, 20, 30].map((offset) => rankLatestMatches(latestFirst, { limit: 10, offset }).ids);
    assert.deepEqual(
      pages.map((ids) => ids.length),
      [10, 10, 5, 0],
    );
    assert.deepEqual(pages[0]?.slice(0, 2), [1, 2]);
    assert.equal(new Set(pages.flat()).size, 25);
  });

  it('counts every match when there are no more than it counts', () => {
    const latestFirst = Array.from({ length: countedMatchesLimit }, (_, index) => match(countedMatchesLimit - index, 1));
    assert.deepEqual({ ...rankLatestMatches(latestFirst, { limit: 10, offset: 0 }), ids: [] }, { total: countedMatchesLimit, isTotalCapped: false, ids: [] });
  });

  it('says there are more when one match more than it counts is found, and leaves that one out', () => {
    const latestFirst = Array.from({ length: countedMatchesLimit + 1 }, (_, index) =>
      match(countedMatchesLimit + 1 - index, index === countedMatchesLimit ? 99 : 1),
    );
    const ranked = rankLatestMatches(latestFirst, { limit: 10, offset: 0 });
    assert.equal(ranked.total, countedMatchesLimit);
    assert.equal(ranked.isTotalCapped, true);
    assert.ok(!ranked.ids.includes(1), 'the oldest, uncounted match is not ranked, however well it scores');
  });
});
