import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnbalancedTags } from './well-formed-html.ts';

describe('well-formed HTML', () => {
  it('accepts a document whose elements close where they opened, void elements and raw text included', () => {
    const html =
      '<!doctype html><html><head><meta charset="utf-8"><title>a </p> b</title><style>p > a { color: red }</style></head><body><p>One<br>two <img src="x" alt=""></p><table><tr><td>x</td></tr></table></body></html>';
    assert.deepEqual(findUnbalancedTags(html), []);
  });

  it('names an element closed by another name, a stray closing tag and an element left open', () => {
    assert.deepEqual(findUnbalancedTags('<div><p>x</div>'), ['</div> at 9 closes <p> opened at 5', '<div> opened at 0 is never closed']);
    assert.deepEqual(findUnbalancedTags('<p>x</p></td>'), ['</td> at 8 closes nothing']);
    assert.deepEqual(findUnbalancedTags('<p>x<br></br></p>'), ['</br> at 8: a void element has no closing tag']);
    assert.deepEqual(findUnbalancedTags('<div/>'), ['<div/> at 0 closes itself, which HTML ignores', '<div> opened at 0 is never closed']);
  });
});
