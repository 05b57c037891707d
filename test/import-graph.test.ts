import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readImportGraph, type ImportGraph } from './import-graph.ts';
import { findImportViolations } from './import-rules.ts';

const root = path.join(import.meta.dirname, '..');
const graph = readImportGraph(root, ['src', 'test']);

/** The real graph with one more import, as if someone had just written it. */
function plantImport(importer: string, target: string): ImportGraph {
  return new Map([...graph, [importer, [...(graph.get(importer) ?? []), target]]]);
}

/** The checker names the planted import (it may find more: a planted import can also close a circle). */
function assertCaught(planted: ImportGraph, expected: RegExp): void {
  const violations = findImportViolations(planted);
  assert.ok(
    violations.some((violation) => expected.test(violation)),
    `expected ${expected}, found:\n${violations.join('\n')}`,
  );
}

describe('the import graph', () => {
  it('reads import type, export from and dynamic imports, relative paths resolved from the project root', () => {
    assert.ok(graph.get('src/http/site-deps.ts')?.includes('src/http/identity-cache.ts'), 'import type');
    assert.ok(graph.get('src/main.ts')?.includes('src/serve.ts'), 'import()');
    assert.ok(graph.get('test/import-graph.test.ts')?.includes('node:test'), 'a built-in module as written');
  });

  it('has no circle, no import between the wings, no tables from outside the domain, and no product import of the demo or the tests', () => {
    assert.deepEqual(findImportViolations(graph), []);
  });

  it('finds a planted circle and shows its path', () => {
    assertCaught(
      plantImport('src/settings/publication-settings.ts', 'src/settings/settings-repository.ts'),
      /^import circle: src\/settings\/publication-settings\.ts → src\/settings\/settings-repository\.ts → src\/settings\/publication-settings\.ts/,
    );
  });

  it('finds a planted import from one wing into another', () => {
    assertCaught(
      plantImport('src/api/routes/me.ts', 'src/web/render-page.ts'),
      /^wing imports wing: src\/api\/routes\/me\.ts imports src\/web\/render-page\.ts/,
    );
    assertCaught(
      plantImport('src/admin/routes/newsroom.ts', 'src/api/api-plugin.ts'),
      /^wing imports wing: src\/admin\/routes\/newsroom\.ts imports src\/api\/api-plugin\.ts/,
    );
  });

  it('finds a planted import from a wing test into another wing', () => {
    assertCaught(plantImport('src/web/routes/search.test.ts', 'src/api/api-identity.ts'), /^wing imports wing: src\/web\/routes\/search\.test\.ts/);
  });

  it('finds a planted import from the shell into a wing', () => {
    assertCaught(plantImport('src/http/urls.ts', 'src/admin/permissions.ts'), /^shell imports a wing: src\/http\/urls\.ts imports src\/admin\/permissions\.ts/);
  });

  it('finds a planted import from the domain into the shell or a wing', () => {
    assertCaught(
      plantImport('src/access/decide-access.ts', 'src/http/urls.ts'),
      /^domain imports the shell: src\/access\/decide-access\.ts imports src\/http\/urls\.ts/,
    );
    assertCaught(
      plantImport('src/commerce/checkout.ts', 'src/web/render-page.ts'),
      /^domain imports the shell: src\/commerce\/checkout\.ts imports src\/web\/render-page\.ts/,
    );
  });

  it('finds a planted table from outside the domain', () => {
    assertCaught(
      plantImport('src/db/tables.ts', 'src/http/site-deps.ts'),
      /^tables from outside the domain: src\/db\/tables\.ts imports src\/http\/site-deps\.ts/,
    );
  });

  it('finds a planted product import of the demo, and lets the start-up and tests load it', () => {
    assertCaught(plantImport('src/server.ts', 'src/demo/load-demo.ts'), /^product imports the demo: src\/server\.ts imports src\/demo\/load-demo\.ts/);
    assert.deepEqual(findImportViolations(plantImport('src/content/article.test.ts', 'src/demo/load-demo.ts')), []);
  });

  it('finds a planted product import of a test helper or of node:test', () => {
    assertCaught(
      plantImport('src/content/slug.ts', 'test/content-fixtures.ts'),
      /^product imports a test helper: src\/content\/slug\.ts imports test\/content-fixtures\.ts/,
    );
    assertCaught(plantImport('src/content/slug.ts', 'node:test'), /^product imports a test helper: src\/content\/slug\.ts imports node:test/);
  });
});
