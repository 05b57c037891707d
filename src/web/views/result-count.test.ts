import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultCountLabel } from './result-count.ts';

describe('the count of search results', () => {
  it('names one result, many results, and a count that stopped at its limit', () => {
    assert.equal(resultCountLabel({ total: 1, isTotalCapped: false }, 'en-US'), '1 result');
    assert.equal(resultCountLabel({ total: 0, isTotalCapped: false }, 'en-US'), '0 results');
    assert.equal(resultCountLabel({ total: 999, isTotalCapped: false }, 'en-US'), '999 results');
    assert.equal(resultCountLabel({ total: 1000, isTotalCapped: true }, 'en-US'), 'More than 1,000 results');
  });
});
