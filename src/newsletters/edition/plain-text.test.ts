import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderBody } from '../../content/markdown.ts';
import { decodeEntities, plainTextOf } from './plain-text.ts';

/** The body as the site stores it: Markdown rendered to sanitized blocks, joined as an edition joins them. */
const bodyOf = (markdown: string) =>
  renderBody(markdown)
    .blocks.map((block) => block.html)
    .join('\n');

describe('the plain-text part of a body', () => {
  it('gives a paragraph a block, with emphasis dropped and entities decoded (the site’s typography curls the quotes)', () => {
    assert.equal(
      plainTextOf(bodyOf('Talks *resumed* on **Monday** & ran late.\n\nA "second" <day>.')),
      'Talks resumed on Monday & ran late.\n\nA “second” <day>.',
    );
  });

  it('puts a link’s address after its words, unless the words are the address', () => {
    assert.equal(
      plainTextOf(bodyOf('Read [the report](https://gazette.example/r?a=1&b=2) or https://gazette.example/plain.')),
      'Read the report (https://gazette.example/r?a=1&b=2) or https://gazette.example/plain.',
    );
  });

  it('bullets list items, keeps headings and quotes as paragraphs, and marks a rule', () => {
    assert.equal(
      plainTextOf(bodyOf('## What next\n\n- One\n- Two\n\n> Quoted words.\n\n---\n\nAfter.')),
      'What next\n\n• One\n• Two\n\nQuoted words.\n\n* * *\n\nAfter.',
    );
  });

  it('keeps a line break inside a paragraph', () => {
    assert.equal(plainTextOf(bodyOf('First line  \nsecond line')), 'First line\nsecond line');
  });

  it('decodes named and numeric references, and leaves unknown ones', () => {
    assert.equal(decodeEntities('&amp;&lt;&gt;&quot;&#39;&#x2014;&#8212;&bogus;&#0;'), '&<>"\'——&bogus;&#0;');
  });
});
