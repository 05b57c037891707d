import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightEnd, highlightStart, renderSnippet, stripHighlightMarks } from './snippet.ts';

describe('search snippets', () => {
  it('escapes the article text and marks the matched words', () => {
    assert.equal(renderSnippet(`a <b> & ${highlightStart}port${highlightEnd} "x"`), 'a &#60;b&#62; &#38; <mark>port</mark> &#34;x&#34;');
  });

  it('removes stray marks from text before it is indexed', () => {
    assert.equal(stripHighlightMarks(`odd ${highlightStart}text${highlightEnd}`), 'odd text');
  });
});
