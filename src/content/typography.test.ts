import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTypography } from './typography.ts';

describe("printer's quotes and dashes", () => {
  it('turns apostrophes inside and at the end of words into right single quotes', () => {
    assert.equal(setTypography("Marseille's museum, the workers' union"), 'Marseille\u2019s museum, the workers\u2019 union');
  });

  it('opens and closes double and single quotes', () => {
    assert.equal(setTypography('"It is a beginning," she said'), '\u201cIt is a beginning,\u201d she said');
    assert.equal(setTypography("the 'hot nights' study"), 'the \u2018hot nights\u2019 study');
    assert.equal(setTypography('("quoted")'), '(\u201cquoted\u201d)');
  });

  it('sets dashes', () => {
    assert.equal(setTypography('a -- b --- c'), 'a \u2013 b \u2014 c');
  });

  it('leaves text without quotes as it is', () => {
    assert.equal(setTypography('Ceasefire agreed after 11 days'), 'Ceasefire agreed after 11 days');
  });
});
