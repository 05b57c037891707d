import path from 'node:path';
import { Liquid } from 'liquidjs';
import type { FontScript } from '../config/config.ts';
import { loadThemeFiles } from '../http/theme-files.ts';
import { loadThemeStylesheets, type ThemeStylesheets } from './theme-stylesheet.ts';
import type { PageContext } from './views/view-models.ts';
import { cardPath } from '../commerce/payment-provider.ts';
import { deflatePiece } from './gzip-parts.ts';
import type { SharedPiece } from './reader-slots.ts';

function pieceOf(html: string): SharedPiece {
  const plain = Buffer.from(html.trim());
  return { plain, deflated: deflatePiece(plain, 9) };
}

export type Theme = {
  render: <Page>(template: string, context: PageContext<Page>) => string;
  assetsDir: string;
  /** Built once, at start, in development too: the CSP that allows them is fixed at start. */
  stylesheets: ThemeStylesheets;
  /**
   * The banner a reader whose payment is failing sees on every page ("Your last payment failed —
   * update your card"): the same for each of them, so made and compressed once, and put into a
   * page only for the request of such a reader, never into a kept page.
   */
  paymentBanner: SharedPiece;
};

/**
 * A Liquid theme: templates, partials and layouts under one folder, every output escaped unless a
 * template asks for `raw` (used only on fields that hold sanitized HTML).
 */
export function loadTheme(themeDir: string, { cache, fontsDir, fontScripts }: { cache: boolean; fontsDir: string; fontScripts: readonly FontScript[] }): Theme {
  const liquid = new Liquid({
    root: path.join(themeDir, 'templates'),
    partials: path.join(themeDir, 'partials'),
    layouts: path.join(themeDir, 'layouts'),
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    cache,
    // In production the theme is fixed: it is read into memory once; in development each render reads the files.
    ...(cache ? { fs: loadThemeFiles(themeDir) } : {}),
  });
  return {
    // Synchronous rendering: the templates are in memory (or read synchronously in development), and liquidjs's
    // async path costs a promise per tag.
    render: (template, context) => liquid.renderFileSync(template, context),
    assetsDir: path.join(themeDir, 'assets'),
    stylesheets: loadThemeStylesheets(themeDir, fontsDir, fontScripts),
    paymentBanner: pieceOf(liquid.parseAndRenderSync("{% render 'payment-banner', cardUrl: cardUrl %}", { cardUrl: cardPath })),
  };
}
