import path from 'node:path';
import { Liquid } from 'liquidjs';
import type { FontScript } from '../config/config.ts';
import { loadThemeFiles } from '../http/theme-files.ts';
import { loadThemeStylesheets, type ThemeStylesheets } from './theme-stylesheet.ts';
import type { PageContext } from './views/view-models.ts';

export type Theme = {
  render: <Page>(template: string, context: PageContext<Page>) => string;
  assetsDir: string;
  /** Built once, at start, in development too: the CSP that allows them is fixed at start. */
  stylesheets: ThemeStylesheets;
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
  };
}
