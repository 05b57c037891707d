import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type ComparedRun, type ComparedScenario, comparisonRowOf, formatComparisonTable } from './compare-report.ts';
import { measureScenario, type ServerUnderLoad, waitUntilIdle, warmUp } from './measure.ts';
import { asBrowser, type BenchArticle } from './newsroom.ts';
import { type Scenario, scenariosOf, warmUpRequestsOf } from './scenarios.ts';
import { stopAll } from './server-process.ts';
import { type SiteServer, startSiteServer } from './site-server.ts';
import { wrkMissing } from './wrk-load.ts';

/**
 * `npm run bench:compare -- --against REV`: this checkout's page scenarios against an earlier
 * revision's, in one run. Both servers run at once, each on a corpus its own code generated, and
 * take turns scenario by scenario (which goes first alternating each round), so a machine whose
 * speed drifts over minutes, as a shared one does, slows both alike. Prints each scenario's median
 * over the rounds and the ratio after/before, and writes bench/compare-results.json. --profile DIR
 * writes a CPU profile of each side's server to DIR/before and DIR/after, to see where they differ.
 */
const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    articles: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
if (!values.against) {
  console.error('usage: npm run bench:compare -- --against REV [--rounds N] [--seconds N] [--articles N] [--only TEXT] [--profile DIR]');
  process.exit(2);
}
const against = values.against;
const rounds = Number(values.rounds ?? 5);
const seconds = Number(values.seconds ?? 3);
const articleCount = Number(values.articles ?? 2_000);
const connections = 32;
const secret = 'bench-secret-that-is-long-enough-to-pass-the-check';

/** What a checkout's own bench code makes of its corpus: the articles, the readers' cookies and the meter cookies its scenarios ask for. */
type Side = {
  label: string;
  root: string;
  articles: BenchArticle[];
  readerCookies: string[];
  subscriberCookie: string;
  meterCookies: Record<string, string>;
};

/**
 * Prepared by a script run inside the checkout, with that checkout's migrations, corpus and meter
 * cookie format; the meter cookies are those its own scenarios ask for.
 */
const prepareScript = (root: string) => {
  const at = (file: string) => JSON.stringify(pathToFileURL(path.join(root, file)).href);
  return `
import { openDatabase } from ${at('src/db/database.ts')};
import { migrateToLatest } from ${at('src/db/migrate.ts')};
import { prepareNewsroom } from ${at('bench/newsroom.ts')};
import { scenariosOf } from ${at('bench/scenarios.ts')};
const { file, articleCount, now, secret } = JSON.parse(process.env.BENCH_PREPARE);
const database = await openDatabase({ kind: 'sqlite', file });
await migrateToLatest(database.db, database.dialect);
const newsroom = await prepareNewsroom(database.db, { articleCount, now: new Date(now), secret });
await database.close();
const meterCookies = {};
scenariosOf({ ...newsroom, meterCookieOf: (ids) => (meterCookies[ids.join('-')] = newsroom.meterCookieOf(ids)) });
const { articles, readerCookies, subscriberCookie } = newsroom;
console.log(JSON.stringify({ articles, readerCookies, subscriberCookie, meterCookies }));
`;
};

async function prepareSide(label: string, root: string, dataDir: string, now: Date): Promise<Side> {
  mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, BENCH_PREPARE: JSON.stringify({ file: path.join(dataDir, 'dateline.sqlite'), articleCount, now: now.toISOString(), secret }) };
  const child = spawn(process.execPath, ['--input-type=module', '-e', prepareScript(root)], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const line = output.trim().split('\n').at(-1);
  if (code !== 0 || line === undefined) throw new Error(`${label}: preparing the corpus failed (exit ${code})`);
  return { label, root, ...(JSON.parse(line) as Omit<Side, 'label' | 'root'>) };
}

async function scenariosFor(side: Side, url: string): Promise<Scenario[]> {
  const scenarios = scenariosOf({
    articles: side.articles,
    readerCookies: await Promise.all(side.readerCookies.map((cookie) => asBrowser(url, cookie))),
    subscriberCookie: await asBrowser(url, side.subscriberCookie),
    meterCookieOf: (ids) => {
      const cookie = side.meterCookies[ids.join('-')];
      if (cookie === undefined)
        throw new Error(`${side.label}'s scenarios ask for other meters than this checkout's: compare against a revision whose bench/scenarios.ts is the same`);
      return cookie;
    },
  });
  return scenarios.filter((scenario) => scenario.kind === 'page' && (!values.only || scenario.name.includes(values.only)));
}

const toplevel = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
let revision: string;
try {
  revision = execFileSync('git', ['rev-parse', '--short', '--verify', `${against}^{commit}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  console.error(`--against ${against}: no such commit in this repository`);
  process.exit(2);
}
try {
  execFileSync('git', ['diff', '--quiet', revision, '--', 'package-lock.json'], { cwd: toplevel });
} catch {
  console.error(`${revision} has other packages than this checkout (package-lock.json differs): both would run on this checkout's node_modules`);
  process.exit(2);
}
const wrkProblem = wrkMissing();
if (wrkProblem) {
  console.error(wrkProblem);
  process.exit(1);
}

const workDir = mkdtempSync(path.join(tmpdir(), 'dateline-compare-'));
const beforeRoot = path.join(workDir, 'checkout');
try {
  execFileSync('git', ['worktree', 'add', '--detach', beforeRoot, revision], { cwd: toplevel, stdio: 'ignore' });
  symlinkSync(path.join(toplevel, 'node_modules'), path.join(beforeRoot, 'node_modules'));
  const now = new Date();
  console.log(
    `Dateline bench, compared: ${revision} (before) and this checkout (after); ${articleCount} articles, ${rounds} rounds of ${seconds}s a scenario and side`,
  );
  const before = await prepareSide(revision, beforeRoot, path.join(workDir, 'before'), now);
  const after = await prepareSide('this checkout', toplevel, path.join(workDir, 'after'), now);

  const started: { side: Side; site: SiteServer; scenarios: Scenario[]; server: ServerUnderLoad }[] = [];
  for (const side of [before, after]) {
    const dataDir = path.join(workDir, side === before ? 'before' : 'after');
    const firstFree = side.articles.find((article) => article.access_level === 'free');
    if (!firstFree) throw new Error(`${side.label}'s corpus has no free article`);
    const profileDir = values.profile ? { profileDir: path.join(values.profile, side === before ? 'before' : 'after') } : {};
    const site = await startSiteServer({ dataDir, processes: 1, secret, firstPage: `/${firstFree.section}/${firstFree.slug}`, root: side.root, ...profileDir });
    const scenarios = await scenariosFor(side, site.url);
    const server = { url: site.url, pid: site.pid, seconds, connections, planDir: dataDir, countStatuses: false };
    await warmUp(warmUpRequestsOf(scenarios), { ...server, seconds: 6 });
    started.push({ side, site, scenarios, server });
  }
  const [beforeRun, afterRun] = started;
  if (!beforeRun || !afterRun) throw new Error('a server did not start');

  const runOf = async (scenario: Scenario, { server }: typeof beforeRun): Promise<ComparedRun> => {
    const [measured] = await measureScenario(scenario, server);
    await waitUntilIdle(server.url);
    if (!measured) throw new Error(`${scenario.name} was not measured`);
    return {
      requestsPerSecond: measured.summary.requestsPerSecond,
      serverCpuMicrosecondsPerRequest: measured.serverCpuMicrosecondsPerRequest,
      p99Ms: measured.summary.latencyMs.p99,
      generatorCores: measured.summary.generatorCores,
    };
  };
  const compared: ComparedScenario[] = [];
  for (const [place, scenario] of beforeRun.scenarios.entries()) {
    const twin = afterRun.scenarios[place];
    if (twin?.name !== scenario.name) throw new Error(`the two checkouts' scenarios differ at "${scenario.name}"`);
    const runs: ComparedScenario = { scenario: scenario.name, before: [], after: [] };
    for (let round = 0; round < rounds; round += 1) {
      if (round % 2 === 0) {
        runs.before.push(await runOf(scenario, beforeRun));
        runs.after.push(await runOf(twin, afterRun));
      } else {
        runs.after.push(await runOf(twin, afterRun));
        runs.before.push(await runOf(scenario, beforeRun));
      }
    }
    compared.push(runs);
    console.log(`  ${scenario.name}: done`);
  }

  const rows = compared.map(comparisonRowOf);
  console.log('\nMedians over the rounds, one server process each (WEB_CONCURRENCY=1), SQLite; speed and CPU are after against before.\n');
  console.log(formatComparisonTable(rows, { before: revision, after: 'after' }));
  writeFileSync(
    path.join(toplevel, 'bench', 'compare-results.json'),
    `${JSON.stringify({ at: now.toISOString(), before: revision, articles: articleCount, rounds, seconds, rows, runs: compared }, null, 2)}\n`,
  );
} finally {
  await stopAll();
  try {
    execFileSync('git', ['worktree', 'remove', '--force', beforeRoot], { cwd: toplevel, stdio: 'ignore' });
  } catch {
    // It was never added: nothing to remove.
  }
  rmSync(workDir, { recursive: true, force: true });
}
