import type { ImportGraph } from './import-graph.ts';

/** The reader site, the newsroom and the apps API: each stands on the shell and the domain, never on another. */
const wings = ['web', 'admin', 'api'];
/** Folders under src/ that are not the domain: the wings, the shell they share and the demo publication. */
const notDomain = [...wings, 'http', 'demo'];
/** The start-up may load the demo publication; nothing else in the product may. */
const startUp = ['src/start.ts', 'src/cli.ts'];
const tables = 'src/db/tables.ts';

/**
 * What the layout forbids, as one line each, for a graph read by readImportGraph: an import circle
 * (with its path), an import from one wing into another, from the shell into a wing or from the
 * domain into either, a table of
 * db/tables.ts taken from outside the domain, and product code (a file under src/ that is not a
 * test) leaning on the demo publication or on the tests. Tests are held to the wing rule too: a
 * test of the whole app sits beside server.ts, not in a wing. An empty list is a sound layout.
 */
export function findImportViolations(graph: ImportGraph): string[] {
  const violations: string[] = [];
  for (const [importer, imported] of graph) {
    for (const target of imported) {
      const importerWing = wingOf(importer);
      const targetWing = wingOf(target);
      if (importerWing && targetWing && importerWing !== targetWing) {
        violations.push(`wing imports wing: ${importer} imports ${target} (${importerWing}/ and ${targetWing}/ share only http/ and the domain)`);
      }
      if (importer.startsWith('src/http/') && targetWing) {
        violations.push(`shell imports a wing: ${importer} imports ${target} (http/ stands below web/, admin/ and api/)`);
      }
      if (isProduct(importer) && isDomain(importer) && (targetWing || target.startsWith('src/http/'))) {
        violations.push(`domain imports the shell: ${importer} imports ${target} (dependencies point inward: wings, then http/, then the domain)`);
      }
      if (importer === tables && graph.has(target) && !isDomain(target)) {
        violations.push(`tables from outside the domain: ${importer} imports ${target}`);
      }
      if (isProduct(importer) && !importer.startsWith('src/demo/') && !startUp.includes(importer) && target.startsWith('src/demo/')) {
        violations.push(`product imports the demo: ${importer} imports ${target} (only ${startUp.join(' and ')} may)`);
      }
      if (isProduct(importer) && (target.startsWith('test/') || target === 'node:test')) {
        violations.push(`product imports a test helper: ${importer} imports ${target}`);
      }
    }
  }
  for (const { circle, size } of findCircles(graph)) {
    violations.push(`import circle: ${circle.join(' → ')}${size > circle.length - 1 ? ` (one of the circles among ${size} files)` : ''}`);
  }
  return violations;
}

function wingOf(file: string): string | undefined {
  const folder = file.split('/')[1];
  return file.startsWith('src/') && folder !== undefined && wings.includes(folder) ? folder : undefined;
}

function isDomain(file: string): boolean {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 && !notDomain.includes(parts[1] ?? '');
}

function isProduct(file: string): boolean {
  return file.startsWith('src/') && !file.endsWith('.test.ts');
}

/**
 * One circle for each group of files that import one another round (a strongly connected
 * component, found by Tarjan's algorithm), as the path from its first file back to it: breaking
 * that circle either clears the group or shows the next circle in it.
 */
function findCircles(graph: ImportGraph): { circle: string[]; size: number }[] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: { circle: string[]; size: number }[] = [];

  const visit = (file: string): void => {
    order.set(file, order.size);
    lowest.set(file, order.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const target of localImports(graph, file)) {
      if (!order.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file) ?? 0, lowest.get(target) ?? 0));
      } else if (onStack.has(target)) {
        lowest.set(file, Math.min(lowest.get(file) ?? 0, order.get(target) ?? 0));
      }
    }
    if (lowest.get(file) !== order.get(file)) return;
    const group = new Set<string>();
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.add(member);
    } while (member !== file);
    const circle = findPathBack(graph, group);
    if (circle) circles.push({ circle, size: group.size });
  };

  for (const file of [...graph.keys()].sort()) {
    if (!order.has(file)) visit(file);
  }
  return circles;
}

/** The shortest path inside the group from its first file (in name order) back to itself, if there is one. */
function findPathBack(graph: ImportGraph, group: ReadonlySet<string>): string[] | undefined {
  const start = [...group].sort()[0];
  if (start === undefined) return undefined;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let index = 0; index < queue.length; index += 1) {
    const file: string = queue[index] ?? start;
    for (const target of localImports(graph, file)) {
      if (!group.has(target)) continue;
      if (target === start) {
        const between: string[] = [];
        for (let step: string | undefined = file; step !== undefined && step !== start; step = cameFrom.get(step)) between.unshift(step);
        return [start, ...between, start];
      }
      if (!cameFrom.has(target) && target !== start) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return undefined;
}

function localImports(graph: ImportGraph, file: string): string[] {
  return [...(graph.get(file) ?? [])].filter((target) => graph.has(target)).sort();
}
