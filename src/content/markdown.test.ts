import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderBody } from './markdown.ts';

describe('rendering an article body', () => {
  it('splits the body into one block per top-level element, in order', () => {
    const { blocks } = renderBody('First paragraph.\n\n## A subheading\n\n> A quote\n\n- one\n- two\n\n---\n\nLast paragraph.');
    assert.deepEqual(
      blocks.map((block) => block.kind),
      ['paragraph', 'heading', 'quote', 'list', 'rule', 'paragraph'],
    );
    assert.equal(blocks[0]?.html, '<p>First paragraph.</p>');
  });

  it('keeps the headline the only h1 by moving body headings one level down', () => {
    const { blocks } = renderBody('# Not a headline');
    assert.equal(blocks[0]?.html, '<h2>Not a headline</h2>');
  });

  it('shows raw HTML as text instead of running it', () => {
    const { blocks } = renderBody('Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://evil.example"></iframe>');
    const html = blocks.map((block) => block.html).join('');
    assert.doesNotMatch(html, /<script|<img|<iframe/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('drops javascript: and data: links but keeps web and mail links', () => {
    const { blocks } = renderBody('[bad](javascript:alert(1)) [data](data:text/html,hi) [good](https://example.org) [mail](mailto:desk@example.org)');
    const html = blocks[0]?.html ?? '';
    assert.doesNotMatch(html, /href="(javascript|data):/);
    assert.match(html, /href="https:\/\/example.org"/);
    assert.match(html, /href="mailto:desk@example.org"/);
  });

  it('sets typographic quotes and dashes', () => {
    assert.equal(renderBody('"Quoted" -- here').blocks[0]?.html, '<p>“Quoted” – here</p>');
  });

  it('gives the words without markup for the search index', () => {
    const { blockTexts } = renderBody('Some *emphasis* and a [link](https://example.org).\n\n- first\n- second');
    assert.deepEqual(blockTexts, ['Some emphasis and a link.', 'first second']);
  });

  it('renders an empty body as no blocks', () => {
    assert.deepEqual(renderBody('  \n\n '), { blocks: [], blockTexts: [] });
  });
});
