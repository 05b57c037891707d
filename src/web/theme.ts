import path from 'node:path';
import { Liquid } from 'liquidjs';
import { loadThemeFiles } from './theme-files.ts';
import type { PageContext } from './views/view-models.ts';

export type Theme = {
  render: <Page>(template: string, context: PageContext<Page>) => string;
  assetsDir: string;
};

/**
 * A Liquid theme: templates, partials and layouts under one folder, every output escaped unless a
 * template asks for `raw` (used only on fields that hold sanitized HTML).
 */
export function loadTheme(themeDir: string, { cache }: { cache: boolean }): Theme {
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
  };
}
