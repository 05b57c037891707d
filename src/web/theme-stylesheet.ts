import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { transform } from 'lightningcss';
import type { FontScript } from '../config/config.ts';
import { deflatePiece } from './gzip-parts.ts';
import { compressPage, type ContentCoding } from './page-encodings.ts';
import type { SharedPiece } from './reader-slots.ts';

/**
 * The theme's stylesheets as pages carry them. Each kind of page inlines, in its head, only the
 * rules it can use: a core every page needs (the @font-face rules of the publication's scripts,
 * tokens, masthead, buttons, footer) and the files of its own kind, minified, so no request holds
 * up the first paint and no page carries the rest of the theme. The Content-Security-Policy names
 * each bundle by its hash: one header, the same for every page, kept pages included. Print rules
 * go in a file of their own, linked for print only, so they never block a page being shown.
 */
export type StylesheetBundle = {
  name: string;
  css: string;
  /** The same, as a page's stylesheet hole is filled with it: bytes and their deflation, made once. */
  piece: SharedPiece;
  /** The CSP source that allows this exact inline stylesheet: 'sha256-…'. */
  hash: string;
};

/** The print rules, minified and compressed once, served from the theme's assets. */
export type PrintStylesheet = {
  /** Its address, with a version taken from its contents, so it can be kept for good. */
  url: string;
  version: string;
  css: Buffer;
  encoded: Readonly<Record<ContentCoding, Buffer>>;
};

export type ThemeStylesheets = {
  bundles: ReadonlyMap<string, StylesheetBundle>;
  /** The bundle a template's pages inline. */
  bundleOf: (template: string) => StylesheetBundle;
  print: PrintStylesheet;
  /** The CSP sources of every bundle, in one list for one fixed header. */
  hashes: readonly string[];
  /** The font files the faces name, to be served. None is preloaded: with `optional`, a preload held the first paint back. */
  fontFiles: ReadonlySet<string>;
};

/**
 * The theme's styles/bundles.json: the style files in cascade order, which make the core every page
 * carries, which make each kind of page's bundle, which go to print, and which bundle each template's
 * pages inline.
 */
export type StyleManifest = {
  order: readonly string[];
  core: readonly string[];
  bundles: Readonly<Record<string, readonly string[]>>;
  print: readonly string[];
  templates: Readonly<Record<string, string>>;
};

export const printStylesheetPath = '/assets/print.css';

export const fontsPath = '/assets/fonts/';

/**
 * The one typeface the theme downloads: Source Serif 4 bold, for headlines and the nameplate, under
 * a name of its own so no other weight or style is ever drawn from it. Reading text is set in
 * Source Serif 4 where the reader has it installed and otherwise in Georgia, with true italics, and
 * labels likewise in Source Sans 3 or the system's sans: each face would cost some 20 KB on a
 * reader's first visit, a fifth of a page's whole budget.
 */
const faces = [{ family: 'Source Serif 4 Headline', files: 'source-serif-4', weight: 700, style: 'normal' }] as const;

export function fontFileName(face: (typeof faces)[number], script: FontScript): string {
  return `${face.files}-${script}-${face.weight}-${face.style}.woff2`;
}

/**
 * One @font-face a face and script, each limited to its script's characters, so a browser fetches
 * a file only when a page has letters from it. `optional`: a face that is not there at first paint
 * is not swapped in later, so text never moves once shown.
 */
export function fontFaceRules(scripts: readonly FontScript[], unicodeRanges: Readonly<Record<string, string>>): string {
  return scripts
    .flatMap((script) =>
      faces.map((face) => {
        const range = unicodeRanges[script];
        if (range === undefined) throw new Error(`no character range is known for the ${script} fonts`);
        return `@font-face{font-family:"${face.family}";font-style:${face.style};font-weight:${face.weight};font-display:optional;src:url("${fontsPath}${fontFileName(face, script)}") format("woff2");unicode-range:${range}}`;
      }),
    )
    .join('\n');
}

function minify(source: string): string {
  const css = transform({ filename: 'theme.css', code: Buffer.from(source), minify: true }).code.toString();
  // It goes inside a <style> element, which this would end early.
  if (/<\/style/i.test(css)) throw new Error('the theme\'s stylesheet cannot contain "</style"');
  return css;
}

/** The files, in the manifest's cascade order, so a rule later in the theme still wins in every bundle. */
export function inCascadeOrder(manifest: Pick<StyleManifest, 'order'>, files: Iterable<string>): string[] {
  const wanted = new Set(files);
  return manifest.order.filter((file) => wanted.has(file));
}

/** Refuses a manifest that would lose a rule or leave a template without its styles: a theme is checked once, at start. */
export function checkStyleManifest(manifest: StyleManifest, { styleFiles, templates }: { styleFiles: readonly string[]; templates: readonly string[] }): void {
  const named = new Set(manifest.order);
  const unordered = styleFiles.filter((file) => !named.has(file));
  if (unordered.length > 0) throw new Error(`the theme's styles/bundles.json does not place ${unordered.join(', ')} in its order`);
  const missing = manifest.order.filter((file) => !styleFiles.includes(file));
  if (missing.length > 0) throw new Error(`the theme's styles/bundles.json names ${missing.join(', ')}, which are not in styles/`);
  const used = new Set([...manifest.core, ...manifest.print, ...Object.values(manifest.bundles).flat()]);
  const unused = manifest.order.filter((file) => !used.has(file));
  if (unused.length > 0) throw new Error(`the theme's styles ${unused.join(', ')} are in no bundle and not printed`);
  const unknown = [...used].filter((file) => !named.has(file));
  if (unknown.length > 0) throw new Error(`the theme's styles/bundles.json bundles ${unknown.join(', ')}, which its order does not place`);
  const badNames = Object.keys(manifest.bundles).filter((name) => !/^[a-z0-9-]+$/.test(name));
  if (badNames.length > 0) throw new Error(`bundle names are lowercase words and hyphens: ${badNames.join(', ')}`);
  const unassigned = templates.filter((template) => manifest.templates[template] === undefined);
  if (unassigned.length > 0) throw new Error(`the templates ${unassigned.join(', ')} have no stylesheet bundle in the theme's styles/bundles.json`);
  const unbundled = Object.entries(manifest.templates).filter(([, bundle]) => manifest.bundles[bundle] === undefined);
  if (unbundled.length > 0)
    throw new Error(
      `the theme's styles/bundles.json gives templates bundles it does not define: ${unbundled.map(([template, bundle]) => `${template} → ${bundle}`).join(', ')}`,
    );
}

function toBundle(name: string, css: string): StylesheetBundle {
  const plain = Buffer.from(css);
  return { name, css, piece: { plain, deflated: deflatePiece(plain, 9) }, hash: `'sha256-${createHash('sha256').update(css).digest('base64')}'` };
}

function toPrintStylesheet(source: string): PrintStylesheet {
  const css = Buffer.from(minify(source));
  const version = createHash('sha256').update(css).digest('base64url').slice(0, 12);
  return { url: `${printStylesheetPath}?v=${version}`, version, css, encoded: { br: compressPage(css, 'br'), gzip: compressPage(css, 'gzip') } };
}

/** Minifies each bundle behind the font faces, and the print rules on their own, and hashes the bundles for the CSP. */
export function buildThemeStylesheets(
  styleOf: (file: string) => string,
  manifest: StyleManifest,
  { scripts, unicodeRanges }: { scripts: readonly FontScript[]; unicodeRanges: Readonly<Record<string, string>> },
): ThemeStylesheets {
  const faceRules = fontFaceRules(scripts, unicodeRanges);
  const sourceOf = (files: Iterable<string>) => inCascadeOrder(manifest, files).map(styleOf).join('\n');
  const bundles = new Map(
    Object.entries(manifest.bundles).map(([name, files]) => [name, toBundle(name, minify(`${faceRules}\n${sourceOf([...manifest.core, ...files])}`))] as const),
  );
  return {
    bundles,
    bundleOf: (template) => {
      const bundle = bundles.get(manifest.templates[template] ?? '');
      if (bundle === undefined) throw new Error(`the template ${template} has no stylesheet bundle`);
      return bundle;
    },
    print: toPrintStylesheet(sourceOf(manifest.print)),
    hashes: [...bundles.values()].map((bundle) => bundle.hash),
    fontFiles: new Set(scripts.flatMap((script) => faces.map((face) => fontFileName(face, script)))),
  };
}

export function readStyleManifest(stylesDir: string): StyleManifest {
  return JSON.parse(readFileSync(path.join(stylesDir, 'bundles.json'), 'utf8')) as StyleManifest;
}

/** Reads the theme's styles, checks them against its templates, and the fonts' character ranges; done once, at start. */
export function loadThemeStylesheets(themeDir: string, fontsDir: string, scripts: readonly FontScript[]): ThemeStylesheets {
  const stylesDir = path.join(themeDir, 'styles');
  const manifest = readStyleManifest(stylesDir);
  const namesIn = (dir: string, extension: string) =>
    readdirSync(dir)
      .filter((file) => file.endsWith(extension))
      .map((file) => file.slice(0, -extension.length));
  checkStyleManifest(manifest, { styleFiles: namesIn(stylesDir, '.css'), templates: namesIn(path.join(themeDir, 'templates'), '.liquid') });
  const unicodeRanges = JSON.parse(readFileSync(path.join(fontsDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return buildThemeStylesheets((file) => readFileSync(path.join(stylesDir, `${file}.css`), 'utf8'), manifest, { scripts, unicodeRanges });
}
