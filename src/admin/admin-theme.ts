import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { loadThemeFiles } from '../http/theme-files.ts';
import type { AdminPageContext } from './admin-views.ts';

const adminDir = path.dirname(fileURLToPath(import.meta.url));
export const adminAssetsDir = path.join(adminDir, 'assets');

/** The font files admin.css declares, served beside the reader theme's own: read once, so the two never disagree. */
export const adminFontFiles: ReadonlySet<string> = new Set(
  [...readFileSync(path.join(adminAssetsDir, 'admin.css'), 'utf8').matchAll(/url\("\/assets\/fonts\/([^"]+)"\)/g)].map((match) => match[1] ?? ''),
);

export type AdminTheme = { render: <Page>(template: string, context: AdminPageContext<Page>) => Promise<string> };

/** The newsroom's own templates: not a publication's theme, but escaped the same way. */
export function loadAdminTheme({ cache }: { cache: boolean }): AdminTheme {
  const templates = path.join(adminDir, 'templates');
  const liquid = new Liquid({
    root: templates,
    partials: path.join(templates, 'partials'),
    layouts: path.join(templates, 'layouts'),
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    cache,
    ...(cache ? { fs: loadThemeFiles(templates) } : {}),
  });
  return { render: async (template, context) => liquid.renderFileSync(template, context) };
}
