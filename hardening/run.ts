import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * `npm run test:hardening`: the reliability and security checks in hardening/, once on SQLite and
 * once on PostgreSQL (TEST_DATABASE_URL, a schema per file as in the PostgreSQL pass), then one table
 * of what each check tried. A check that fails fails the run; in CI a missing PostgreSQL fails it too,
 * and nothing is skipped without saying so.
 */
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isCi = process.env.CI === 'true';
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['hardening/**/*.hardening.ts'];

async function postgresReachable(): Promise<string | null> {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

type Figure = { check: string; figure: string; value: number };

function runPass(name: string, env: Record<string, string>): Figure[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-hardening-'));
  const figuresFile = path.join(dir, 'figures.jsonl');
  writeFileSync(figuresFile, '');
  console.log(`\nHardening, ${name} pass`);
  // A check that leaves something running after its tests end must not hold the whole run open.
  const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-force-exit', ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...env, HARDENING_FIGURES: figuresFile },
  });
  const figures = readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Figure);
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) {
    console.error(`\nHardening, ${name} pass: failed`);
    process.exit(run.status ?? 1);
  }
  return figures;
}

const sqlite = runPass('SQLite', { TEST_DATABASE_URL: '' });
const unreachable = await postgresReachable();
let postgres: Figure[] | null = null;
if (unreachable === null) {
  postgres = runPass('PostgreSQL', { TEST_DATABASE_URL: url });
} else if (isCi) {
  console.error(`Hardening, PostgreSQL pass: cannot reach ${url} (${unreachable}); CI needs it.`);
  process.exit(1);
} else {
  console.log(`\nHardening, PostgreSQL pass skipped: no server at ${url} (${unreachable}). Set TEST_DATABASE_URL to run it.`);
}

// Figures of one kind add up across a pass (several files may check routes, say).
const total = (figures: Figure[] | null, check: string, figure: string) =>
  figures === null
    ? '(not run)'
    : String(figures.filter((entry) => entry.check === check && entry.figure === figure).reduce((sum, entry) => sum + entry.value, 0));
const rows = [...new Map([...sqlite, ...(postgres ?? [])].map((entry) => [`${entry.check}\u0000${entry.figure}`, entry])).values()];
console.log('\n| check | figure | SQLite | PostgreSQL |');
console.log('| --- | --- | ---: | ---: |');
for (const { check, figure } of rows) console.log(`| ${check} | ${figure} | ${total(sqlite, check, figure)} | ${total(postgres, check, figure)} |`);
