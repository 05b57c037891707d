import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transform } from 'lightningcss';
import { deflatePiece } from './gzip-parts.ts';
import type { SharedPiece } from './reader-slots.ts';
import type { FontScript } from '../config/config.ts';

/**
 * The theme's stylesheet as pages carry it: minified, inlined in each page's head (so no request
 * holds up the first paint), led by the @font-face rules of the publication's scripts. The
 * Content-Security-Policy names it by its hash, which holds for every page rendered from it, kept
 * pages included.
 */
export type ThemeStylesheet = {
  css: string;
  /** The same, as every page's stylesheet hole is filled with it: bytes and their deflation, made once. */
  piece: SharedPiece;
  /** The CSP source that allows this exact inline stylesheet: 'sha256-…'. */
  hash: string;
  /** The font files the faces name, to be served, and those every page preloads. */
  fontFiles: ReadonlySet<string>;
  preloadFonts: readonly string[];
};

export const fontsPath = '/assets/fonts/';

/**
 * The typefaces the theme downloads: the reading face in two weights. Italic is drawn from the
 * upright by the browser, and labels use Source Sans 3 only where the reader has it installed,
 * falling back to the system's sans: each face would cost some 20 KB on a reader's first visit.
 */
const faces = [
  { family: 'Source Serif 4', files: 'source-serif-4', weight: 400, style: 'normal' },
  { family: 'Source Serif 4', files: 'source-serif-4', weight: 700, style: 'normal' },
] as const;

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

/** Minifies the theme's CSS behind the font faces and hashes the result for the CSP. */
export function buildThemeStylesheet(source: string, { scripts, unicodeRanges }: { scripts: readonly FontScript[]; unicodeRanges: Readonly<Record<string, string>> }): ThemeStylesheet {
  const { code } = transform({ filename: 'site.css', code: Buffer.from(`${fontFaceRules(scripts, unicodeRanges)}\n${source}`), minify: true });
  const css = code.toString();
  // It goes inside a <style> element, which this would end early.
  if (/<\/style/i.test(css)) throw new Error('the theme\'s stylesheet cannot contain "</style"');
  const plain = Buffer.from(css);
  return {
    css,
    piece: { plain, deflated: deflatePiece(plain, 9) },
    hash: `'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    fontFiles: new Set(scripts.flatMap((script) => faces.map((face) => fontFileName(face, script)))),
    // The first declared script is the publication's own: its faces are on every page's first screen.
    preloadFonts: faces.map((face) => `${fontsPath}${fontFileName(face, scripts[0] ?? 'latin')}`),
  };
}

/** Reads the theme's site.css and the fonts' character ranges; done once, at start. */
export function loadThemeStylesheet(assetsDir: string, fontsDir: string, scripts: readonly FontScript[]): ThemeStylesheet {
  const unicodeRanges = JSON.parse(readFileSync(path.join(fontsDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return buildThemeStylesheet(readFileSync(path.join(assetsDir, 'site.css'), 'utf8'), { scripts, unicodeRanges });
}
