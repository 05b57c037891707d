import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maximumQueryLength, parseSearchQuery, toFts5Match } from './search-query.ts';

describe("reading a reader's search query", () => {
  it('keeps the words, lower-cased and without repeats', () => {
    assert.deepEqual(parseSearchQuery('Ceasefire talks ceasefire')?.terms, ['ceasefire', 'talks']);
  });

  it('strips quotes, operators and symbols the index would read as syntax', () => {
    assert.deepEqual(parseSearchQuery('"port" AND (tax* OR -levy) NEAR/3 ^x:y')?.terms, ['port', 'and', 'tax', 'or', 'levy', 'near', '3', 'x', 'y']);
  });

  it('finds nothing to search in emoji or punctuation alone', () => {
    assert.equal(parseSearchQuery('🔥🔥 "" ** ()'), null);
    assert.equal(parseSearchQuery('   '), null);
  });

  it('keeps letters of every script and folds compatibility forms', () => {
    assert.deepEqual(parseSearchQuery('Zürich 東京 ｆｕｌｌ')?.terms, ['zürich', '東京', 'full']);
  });

  it('reads at most the first 200 characters of a very long query', () => {
    const query = parseSearchQuery('word '.repeat(1000));
    assert.ok(query);
    assert.ok(query.text.length <= maximumQueryLength);
    assert.deepEqual(query.terms, ['word']);
  });

  it('quotes every term for FTS5 so each must match as a word', () => {
    const query = parseSearchQuery('harbour strike');
    assert.ok(query);
    assert.equal(toFts5Match(query), '"harbour" "strike"');
  });

  it('splits terms for FTS5 where its tokenizer would, so no term reaches it as a phrase', () => {
    const query = parseSearchQuery('lock\u19b0ed words\u1cf2here');
    assert.ok(query);
    assert.deepEqual(query.terms, ['lock\u19b0ed', 'words\u1cf2here'], 'JavaScript reads U+19B0 and U+1CF2 as letters');
    assert.equal(toFts5Match(query), '"lock" "ed" "words" "here"');
  });

  it('gives FTS5 nothing to match when its tokenizer finds no word in the query', () => {
    const query = parseSearchQuery('\u19b0\u19b1 \u1cf3');
    assert.ok(query);
    assert.equal(toFts5Match(query), null);
  });
});
