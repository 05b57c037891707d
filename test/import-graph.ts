import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Who imports whom: each file, named by its path from the project's root with forward slashes
 * (`src/http/urls.ts`), maps to what it imports. A relative specifier becomes the path of the file it
 * names; a package or built-in module stays as written (`node:test`, `fastify`).
 */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Reads the imports of every TypeScript file under the given folders. TypeScript's own scanner finds
 * them, so `import type`, `export … from`, `import()` and `typeof import()` all count: a type-only
 * import still ties two parts together, even though it is erased at run time.
 */
export function readImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph = new Map<string, readonly string[]>();
  for (const folder of folders) {
    for (const entry of readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      const file = toGraphPath(path.join(folder, entry));
      const source = readFileSync(path.join(root, file), 'utf8');
      const imported = ts.preProcessFile(source, true, true).importedFiles.map((reference) => resolveSpecifier(file, reference.fileName));
      graph.set(file, [...new Set(imported)]);
    }
  }
  return graph;
}

function resolveSpecifier(importer: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return toGraphPath(path.join(path.dirname(importer), specifier));
}

function toGraphPath(file: string): string {
  return path.normalize(file).split(path.sep).join('/');
}
