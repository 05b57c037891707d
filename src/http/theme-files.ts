import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FS } from 'liquidjs';

/**
 * A theme's templates held in memory, as liquidjs's file system: read once at start, so rendering a
 * page never waits on the disk (liquidjs otherwise checks for each layout and partial per render).
 * Paths outside the theme do not exist.
 */
export function loadThemeFiles(themeDir: string): FS {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.liquid')) files.set(full, readFileSync(full, 'utf8'));
    }
  };
  walk(themeDir);
  const read = (file: string) => {
    const text = files.get(file);
    if (text === undefined) throw Object.assign(new Error(`No template at ${file}`), { code: 'ENOENT' });
    return text;
  };
  return {
    exists: async (file) => files.has(file),
    existsSync: (file) => files.has(file),
    readFile: async (file) => read(file),
    readFileSync: read,
    resolve: (dir, file, ext) => {
      const resolved = path.resolve(dir, file);
      return path.extname(resolved) === '' ? `${resolved}${ext}` : resolved;
    },
    contains: async (root, file) => file.startsWith(path.resolve(root) + path.sep),
    containsSync: (root, file) => file.startsWith(path.resolve(root) + path.sep),
    dirname: (file) => path.dirname(file),
    sep: path.sep,
  };
}
