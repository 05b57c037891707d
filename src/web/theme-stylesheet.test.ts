import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { transform } from 'lightningcss';
import { buildThemeStylesheets, checkStyleManifest, fontFaceRules, loadThemeStylesheets, readStyleManifest, type StyleManifest } from './theme-stylesheet.ts';

const unicodeRanges = { latin: 'U+0000-00FF', 'latin-ext': 'U+0100-02BA', greek: 'U+0370-03FF' };

describe("the theme's stylesheets", () => {
  it('declares the headline face for each script the publication declares, and no other face or script', () => {
    const rules = fontFaceRules(['latin', 'greek'], unicodeRanges);
    assert.deepEqual(
      [...rules.matchAll(/fonts\/([^"]+)"/g)].map((match) => match[1]),
      ['source-serif-4-latin-700-normal.woff2', 'source-serif-4-greek-700-normal.woff2'],
    );
    assert.deepEqual(
      [...new Set([...rules.matchAll(/font-family:"([^"]+)"/g)].map((match) => match[1]))],
      ['Source Serif 4 Headline'],
      'a name of its own, so reading text is never drawn from the bold',
    );
    assert.match(rules, /unicode-range:U\+0370-03FF/);
    assert.doesNotMatch(rules, /latin-ext/);
  });

  it('never swaps a font in after the text is shown, so nothing moves as fonts load', () => {
    assert.doesNotMatch(fontFaceRules(['latin'], unicodeRanges), /font-display:(swap|fallback|block|auto)/);
    assert.match(fontFaceRules(['latin'], unicodeRanges), /font-display:optional/);
  });

  it("minifies each bundle as the core and its own files in the theme's cascade order, and names it by the hash the CSP allows", () => {
    const files: Record<string, string> = {
      tokens: '/* a comment */\n.masthead {\n  color: #ff0000;\n}\n',
      article: '.article {\n  margin: 0;\n}\n',
      offers: '.offer {\n  margin: 1px;\n}\n',
      print: '@media print {\n  .masthead {\n    display: none;\n  }\n}\n',
    };
    const manifest: StyleManifest = {
      order: ['tokens', 'offers', 'article', 'print'],
      core: ['tokens'],
      bundles: { article: ['article', 'offers'], offers: ['offers'] },
      print: ['print'],
      templates: { article: 'article', offers: 'offers' },
    };
    const stylesheets = buildThemeStylesheets((file) => files[file] ?? '', manifest, { scripts: ['latin'], unicodeRanges });
    const article = stylesheets.bundleOf('article');
    assert.match(article.css, /^@font-face\{.*\}\.masthead\{color:red\}\.offer\{margin:1px\}\.article\{margin:0\}$/);
    assert.doesNotMatch(article.css, /comment|\n|display:none/);
    assert.equal(article.hash, `'sha256-${createHash('sha256').update(article.css).digest('base64')}'`);
    assert.equal(article.piece.plain.toString(), article.css);
    assert.doesNotMatch(stylesheets.bundleOf('offers').css, /\.article/);
    assert.deepEqual(stylesheets.hashes, [article.hash, stylesheets.bundleOf('offers').hash]);
    assert.throws(() => stylesheets.bundleOf('home'), /no stylesheet bundle/);
    assert.deepEqual([...stylesheets.fontFiles], ['source-serif-4-latin-700-normal.woff2']);
  });

  it('puts the print rules in a file of their own, minified and compressed once, at an address that changes with them', () => {
    const manifest: StyleManifest = { order: ['core', 'print'], core: ['core'], bundles: {}, print: ['print'], templates: {} };
    const build = (print: string) =>
      buildThemeStylesheets((file) => (file === 'print' ? print : '.a{color:red}'), manifest, { scripts: ['latin'], unicodeRanges }).print;
    const print = build('@media print {\n  .masthead {\n    display: none;\n  }\n}\n');
    assert.equal(print.css.toString(), '@media print{.masthead{display:none}}');
    assert.equal(gunzipSync(print.encoded.gzip).toString(), print.css.toString());
    assert.equal(brotliDecompressSync(print.encoded.br).toString(), print.css.toString());
    assert.equal(print.url, `/assets/print.css?v=${print.version}`);
    assert.notEqual(build('@media print { .nameplate { display: none } }').url, print.url);
  });

  it('refuses a theme whose manifest would lose a style file or leave a template without a bundle', () => {
    const manifest: StyleManifest = {
      order: ['tokens', 'article'],
      core: ['tokens'],
      bundles: { article: ['article'] },
      print: [],
      templates: { article: 'article' },
    };
    assert.doesNotThrow(() => checkStyleManifest(manifest, { styleFiles: ['tokens', 'article'], templates: ['article'] }));
    assert.throws(() => checkStyleManifest(manifest, { styleFiles: ['tokens', 'article', 'gifts'], templates: ['article'] }), /does not place gifts/);
    assert.throws(
      () => checkStyleManifest({ ...manifest, bundles: { article: [] } }, { styleFiles: ['tokens', 'article'], templates: ['article'] }),
      /article are in no bundle/,
    );
    assert.throws(
      () => checkStyleManifest(manifest, { styleFiles: ['tokens', 'article'], templates: ['article', 'confirming'] }),
      /templates confirming have no stylesheet bundle/,
    );
    assert.throws(
      () => checkStyleManifest({ ...manifest, templates: { article: 'paper' } }, { styleFiles: ['tokens', 'article'], templates: ['article'] }),
      /article → paper/,
    );
  });
});

describe("the default theme's stylesheets", () => {
  const themeDir = path.join(import.meta.dirname, '../../themes/default');
  const stylesDir = path.join(themeDir, 'styles');
  const manifest = readStyleManifest(stylesDir);
  const stylesheets = loadThemeStylesheets(themeDir, path.join(import.meta.dirname, '../../node_modules/@fontsource/source-serif-4'), ['latin']);

  /** A stylesheet's top-level rules as lightningcss writes them minified: style rules, and @media blocks whole. */
  function topLevelRules(css: string): string[] {
    const rules: string[] = [];
    let depth = 0;
    let from = 0;
    for (let index = 0; index < css.length; index += 1) {
      if (css[index] === '{') depth += 1;
      if (css[index] === '}' && --depth === 0) {
        rules.push(css.slice(from, index + 1));
        from = index + 1;
      }
    }
    return rules;
  }

  it('carries every rule of every style file in a bundle or in the print file', () => {
    const carried = [...[...stylesheets.bundles.values()].map((bundle) => bundle.css), stylesheets.print.css.toString()];
    for (const file of manifest.order) {
      const alone = transform({ filename: `${file}.css`, code: readFileSync(path.join(stylesDir, `${file}.css`)), minify: true }).code.toString();
      const rules = topLevelRules(alone);
      assert.ok(rules.length > 0, `${file} has rules`);
      for (const rule of rules)
        assert.ok(
          carried.some((css) => css.includes(rule)),
          `${file}: ${rule.slice(0, 120)} is in no bundle`,
        );
    }
  });

  it('gives every template a bundle, and keeps print rules out of every bundle', () => {
    for (const template of readdirSync(path.join(themeDir, 'templates')).map((file) => file.replace(/\.liquid$/, ''))) {
      assert.ok(stylesheets.bundleOf(template).css.length > 0, template);
    }
    for (const bundle of stylesheets.bundles.values()) assert.doesNotMatch(bundle.css, /@media print/, bundle.name);
    assert.match(stylesheets.print.css.toString(), /^@media print\{/);
  });

  it('inlines on each kind of page none of the rules of the other kinds', () => {
    assert.doesNotMatch(stylesheets.bundleOf('home').css, /\.paywall\{|\.offers\{|\.checkout\{|\.auth\{/);
    assert.doesNotMatch(stylesheets.bundleOf('article').css, /\.front\{|\.offers\{|\.checkout\{|\.auth\{|\.gift-list\{/);
    assert.doesNotMatch(stylesheets.bundleOf('log-in').css, /\.teaser\{|\.paywall\{|\.offer-card\{|\.subscription\{/);
  });
});
