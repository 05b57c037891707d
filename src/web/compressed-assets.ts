import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compressPage } from './page-encodings.ts';

const compressible = new Set(['.css', '.js', '.svg']);

/**
 * A copy of the theme's assets with a brotli and a gzip file beside each text file, for
 * @fastify/static to send whichever the browser takes. It lives in the data folder under a name
 * taken from the assets' contents, so a changed theme gets a new copy, a restart reuses the last
 * one, and instances starting together on a shared data folder each finish a whole copy before
 * moving it into place. The theme's own folder is never written to.
 */
export function prepareCompressedAssets(assetsDir: string, dataDir: string): string {
  const files = readdirSync(assetsDir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({ name: entry.name, bytes: readFileSync(path.join(assetsDir, entry.name)) }));
  const digest = createHash('sha256');
  for (const file of files) digest.update(file.name).update('\0').update(file.bytes).update('\0');
  const target = path.join(dataDir, 'cache', `assets-${digest.digest('hex').slice(0, 16)}`);
  if (existsSync(target)) return target;

  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const { name, bytes } of files) {
    writeFileSync(path.join(partial, name), bytes);
    if (!compressible.has(path.extname(name))) continue;
    writeFileSync(path.join(partial, `${name}.br`), compressPage(bytes, 'br'));
    writeFileSync(path.join(partial, `${name}.gz`), compressPage(bytes, 'gzip'));
  }
  try {
    renameSync(partial, target);
  } catch (error) {
    // Another instance moved its copy into place first; theirs is the same.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  return target;
}
