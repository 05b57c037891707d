import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildThemeStylesheet, fontFaceRules } from './theme-stylesheet.ts';

const unicodeRanges = { latin: 'U+0000-00FF', 'latin-ext': 'U+0100-02BA', greek: 'U+0370-03FF' };

describe('the theme stylesheet', () => {
  it('declares the reading face in two weights for each script the publication declares, and no other', () => {
    const rules = fontFaceRules(['latin', 'greek'], unicodeRanges);
    assert.deepEqual([...rules.matchAll(/fonts\/([^"]+)"/g)].map((match) => match[1]), [
      'source-serif-4-latin-400-normal.woff2',
      'source-serif-4-latin-700-normal.woff2',
      'source-serif-4-greek-400-normal.woff2',
      'source-serif-4-greek-700-normal.woff2',
    ]);
    assert.match(rules, /unicode-range:U\+0370-03FF/);
    assert.doesNotMatch(rules, /latin-ext/);
  });

  it('never swaps a font in after the text is shown, so nothing moves as fonts load', () => {
    assert.doesNotMatch(fontFaceRules(['latin'], unicodeRanges), /font-display:(swap|fallback|block|auto)/);
    assert.match(fontFaceRules(['latin'], unicodeRanges), /font-display:optional/);
  });

  it('minifies the theme\'s CSS, keeps its rules, and names the result by the hash the CSP allows', () => {
    const stylesheet = buildThemeStylesheet('/* a comment */\n.masthead {\n  color: #ff0000;\n}\n', { scripts: ['latin'], unicodeRanges });
    assert.match(stylesheet.css, /\.masthead\{color:red\}$/);
    assert.doesNotMatch(stylesheet.css, /comment|\n/);
    assert.equal(stylesheet.hash, `'sha256-${createHash('sha256').update(stylesheet.css).digest('base64')}'`);
    assert.deepEqual(stylesheet.preloadFonts, ['/assets/fonts/source-serif-4-latin-400-normal.woff2', '/assets/fonts/source-serif-4-latin-700-normal.woff2']);
    assert.deepEqual([...stylesheet.fontFiles], ['source-serif-4-latin-400-normal.woff2', 'source-serif-4-latin-700-normal.woff2']);
  });
});
