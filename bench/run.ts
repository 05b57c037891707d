import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { measureScenario, waitUntilIdle, warmUp } from './measure.ts';
import { asBrowser, type Newsroom, prepareNewsroom } from './newsroom.ts';
import { openBenchSchema } from './postgres-schema.ts';
import { memoryOfTree } from './process-cpu.ts';
import { formatProcessesTable, formatScenarioTable, limitLine, type Measurement, meanBound, rowOf } from './report.ts';
import { pathOf, type Scenario, scenariosOf, warmUpRequestsOf } from './scenarios.ts';
import { spawnNode, stopAll, stopProcess } from './server-process.ts';
import { type SiteServer, startSiteServer } from './site-server.ts';
import { wrkMissing } from './wrk-load.ts';

/**
 * `npm run bench`: the real server as `npm start` runs it, in production mode on SQLite with a
 * generated corpus, driven by wrk on 127.0.0.1 beside a bare node:http server sending the same page
 * (the bound). For each scenario: requests a second, latency, the server's CPU per request (all its
 * processes) and its memory; then the pages again with two server processes, and what depends on
 * the database again on PostgreSQL when one answers. Prints the tables and writes
 * bench/results.json. --smoke is CI's short run: it fails only when a scenario errors, never on speed.
 */
const { values } = parseArgs({
  options: {
    full: { type: 'boolean' },
    smoke: { type: 'boolean' },
    articles: { type: 'string' },
    seconds: { type: 'string' },
    profile: { type: 'string' },
    only: { type: 'string' },
    'postgres-articles': { type: 'string' },
  },
});
const mode = values.full ? 'full' : values.smoke ? 'smoke' : 'quick';
const articleCount = Number(values.articles ?? (mode === 'full' ? 100_000 : mode === 'smoke' ? 300 : 2_000));
// Writing articles one by one is slow on PostgreSQL (many round trips each), so its pass has its own, smaller corpus.
const postgresArticleCount = Number(values['postgres-articles'] ?? Math.min(articleCount, mode === 'full' ? 10_000 : 1_000));
const seconds = Number(values.seconds ?? (mode === 'full' ? 10 : mode === 'smoke' ? 1 : 3));
// The run with two server processes is shorter: it compares CPU per request, which settles fast.
const processesSeconds = mode === 'smoke' ? 1 : Math.max(2, Math.round(seconds / 2));
const connections = mode === 'smoke' ? 8 : 32;
const restMs = mode === 'smoke' ? 1_000 : 15_000;
// Long enough for V8 to finish optimising the page path: after 2 s the first scenario still paid for it.
const warmUpSeconds = mode === 'smoke' ? 1 : 6;
const secret = 'bench-secret-that-is-long-enough-to-pass-the-check';
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isSelected = (scenario: Scenario) => !values.only || scenario.name.includes(values.only);

const wrkProblem = wrkMissing();
if (wrkProblem) {
  console.error(wrkProblem);
  process.exit(1);
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-bench-'));
const now = new Date();
const cleanUps: (() => Promise<void>)[] = [];

async function scenariosFor(url: string, newsroom: Newsroom): Promise<Scenario[]> {
  return scenariosOf({
    articles: newsroom.articles,
    readerCookies: await Promise.all(newsroom.readerCookies.map((cookie) => asBrowser(url, cookie))),
    subscriberCookie: await asBrowser(url, newsroom.subscriberCookie),
    meterCookieOf: newsroom.meterCookieOf,
  }).filter(isSelected);
}

async function measureAll(site: SiteServer, scenarios: readonly Scenario[], runSeconds: number): Promise<Measurement[]> {
  const server = { url: site.url, pid: site.pid, seconds: runSeconds, connections, planDir: dataDir, countStatuses: mode === 'smoke' };
  await warmUp(warmUpRequestsOf(scenarios), { ...server, seconds: warmUpSeconds });
  const measured: Measurement[] = [];
  for (const scenario of scenarios) {
    measured.push(...(await measureScenario(scenario, server)));
    await waitUntilIdle(site.url);
  }
  return measured;
}

const firstFreePage = (newsroom: Newsroom) => {
  const article = newsroom.articles.find((candidate) => candidate.access_level === 'free');
  if (!article) throw new Error('the corpus has no free article');
  return pathOf(article);
};

/** The PostgreSQL pass's newsroom, in a schema of its own; prepared while the SQLite server rests. */
async function preparePostgres(): Promise<{ url: string; newsroom: Newsroom } | { skipped: string }> {
  const schema = await openBenchSchema(postgresUrl);
  if ('skipped' in schema) return schema;
  cleanUps.push(schema.drop);
  const database = await openDatabase({ kind: 'postgres', url: schema.serverUrl }, { schema: schema.schema });
  try {
    await migrateToLatest(database.db, database.dialect);
    return { url: schema.url, newsroom: await prepareNewsroom(database.db, { articleCount: postgresArticleCount, now, secret }) };
  } finally {
    await database.close();
  }
}

try {
  console.log(`Dateline bench (${mode}): ${articleCount} articles, ${seconds}s per scenario, ${connections} connections, wrk`);
  const database = await openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') });
  await migrateToLatest(database.db, database.dialect);
  const corpusStarted = performance.now();
  const newsroom = await prepareNewsroom(database.db, { articleCount, now, secret });
  await database.close();
  console.log(`corpus generated in ${Math.round(performance.now() - corpusStarted)} ms`);

  const firstPage = firstFreePage(newsroom);
  const site = await startSiteServer({ dataDir, processes: 1, secret, firstPage, ...(values.profile ? { profileDir: values.profile } : {}) });
  const scenarios = await scenariosFor(site.url, newsroom);

  const pageFile = path.join(dataDir, 'page.html');
  writeFileSync(pageFile, Buffer.from(await (await fetch(`${site.url}${firstPage}`)).arrayBuffer()));
  const bare = spawnNode(['bench/bare-server.ts', pageFile, '0'], {});
  const bareUrl = `http://127.0.0.1:${(await bare.firstLine).trim()}`;
  if (bare.child.pid === undefined) throw new Error('the bound did not start');
  const boundScenario: Scenario = { name: 'bound: bare node:http, same page', kind: 'page', requests: [{ path: '/' }], targets: {}, isOnPostgres: false };
  const bareServer = { url: bareUrl, pid: bare.child.pid, seconds, connections, planDir: dataDir, countStatuses: mode === 'smoke' };
  await warmUp(boundScenario.requests, { ...bareServer, seconds: 1 });
  const measureBound = async (when: string) => {
    const [measured] = await measureScenario(boundScenario, bareServer);
    if (!measured) throw new Error('the bound was not measured');
    return { ...measured, scenario: `${boundScenario.name} (${when})` };
  };

  const boundAtStart = await measureBound('start');
  const measured = await measureAll(site, scenarios, seconds);
  const boundAtEnd = await measureBound('end');
  const bound = meanBound(boundAtStart.summary.requestsPerSecond, boundAtEnd.summary.requestsPerSecond);

  // What the server keeps once the traffic has passed: V8 gives back memory after some seconds at
  // rest. The PostgreSQL pass's newsroom is prepared meanwhile (the bench's work, not the server's).
  const [memoryAfterRun, postgres] = await Promise.all([
    new Promise((resolve) => setTimeout(resolve, restMs)).then(() => memoryOfTree(site.pid)),
    scenarios.some((scenario) => scenario.isOnPostgres) ? preparePostgres() : { skipped: 'no scenario of it was selected (--only)' },
  ]);
  await stopProcess(site.child);

  const twoProcesses = await startSiteServer({ dataDir, processes: 2, secret, firstPage });
  const measuredTwo = await measureAll(
    twoProcesses,
    scenarios.filter((scenario) => scenario.kind === 'page'),
    processesSeconds,
  );
  const memoryTwo = memoryOfTree(twoProcesses.pid);
  await stopProcess(twoProcesses.child);

  let measuredPostgres: Measurement[] = [];
  if ('url' in postgres) {
    const postgresDataDir = path.join(dataDir, 'postgres');
    mkdirSync(postgresDataDir);
    const postgresSite = await startSiteServer({
      dataDir: postgresDataDir,
      processes: 1,
      secret,
      firstPage: firstFreePage(postgres.newsroom),
      databaseUrl: postgres.url,
    });
    const postgresScenarios = (await scenariosFor(postgresSite.url, postgres.newsroom)).filter((scenario) => scenario.isOnPostgres);
    measuredPostgres = await measureAll(postgresSite, postgresScenarios, seconds);
    await stopProcess(postgresSite.child);
  }

  const judge = (measurement: Measurement) => rowOf(measurement, { bound, articles: articleCount });
  const rows = [boundAtStart, ...measured, boundAtEnd].map(judge);
  const rowsTwo = measuredTwo.map(judge);
  const rowsPostgres = measuredPostgres.map((measurement) => rowOf(measurement, { bound, articles: postgresArticleCount }));
  const largest = (figures: readonly number[]) => Math.max(0, ...figures);
  const peakUnderLoad = Math.max(largest(measured.map((entry) => entry.peakRssMb)), largest(memoryAfterRun.map((entry) => entry.peakRssMb)));

  console.log(
    `\nOne server process (WEB_CONCURRENCY=1), SQLite. Bound: ${Math.round(boundAtStart.summary.requestsPerSecond)} req/s at the start, ${Math.round(boundAtEnd.summary.requestsPerSecond)} at the end; ratios are to their mean.`,
  );
  console.log("Server CPU is every server process's user + system time over the run, per request served; wrk CPU is the load generator's, in cores.\n");
  console.log(formatScenarioTable(rows));
  if (rowsTwo.length > 0) {
    console.log(`\nPages with two server processes (WEB_CONCURRENCY=2), ${processesSeconds}s each:\n`);
    console.log(formatProcessesTable(rows, rowsTwo, 2));
  }
  if ('skipped' in postgres) console.log(`\nPostgreSQL pass skipped: ${postgres.skipped}.`);
  else {
    console.log(`\nPostgreSQL pass (one server process, ${new URL(postgresUrl).host}, a schema of its own, ${postgresArticleCount} articles):\n`);
    console.log(formatScenarioTable(rowsPostgres));
  }
  console.log('\nMemory and start-up, one server process:');
  console.log(limitLine('RSS at rest after start, largest process', largest(site.restingRssMb), 200, 'MB'));
  console.log(limitLine('RSS under load, largest process (sampled, and its peak VmHWM)', peakUnderLoad, 250, 'MB'));
  console.log(limitLine(`RSS at rest ${restMs / 1000} s after the run, largest process`, largest(memoryAfterRun.map((entry) => entry.rssMb)), 200, 'MB'));
  console.log(
    limitLine('start-up to the first article page', site.startupMs, 1_000, 'ms', { isJudged: articleCount >= 100_000, condition: 'at 100,000 articles' }),
  );
  console.log(
    `With two server processes: start-up ${twoProcesses.startupMs} ms; RSS at rest after start ${twoProcesses.restingRssMb.join(' + ')} MB; at the end ${memoryTwo.map((entry) => entry.rssMb).join(' + ')} MB, peaks ${memoryTwo.map((entry) => entry.peakRssMb).join(' + ')} MB (${memoryTwo.length === 1 ? 'one process: this server forks no workers' : `${memoryTwo.length} processes`})`,
  );

  writeFileSync(
    path.join('bench', 'results.json'),
    `${JSON.stringify(
      {
        mode,
        articles: articleCount,
        seconds,
        connections,
        at: now.toISOString(),
        bound: {
          atStart: Math.round(boundAtStart.summary.requestsPerSecond),
          atEnd: Math.round(boundAtEnd.summary.requestsPerSecond),
          mean: Math.round(bound),
        },
        startupMs: site.startupMs,
        memoryMb: {
          restingAfterStart: site.restingRssMb,
          peakUnderLoad,
          restingAfterRun: memoryAfterRun.map((entry) => entry.rssMb),
          twoProcesses: {
            restingAfterStart: twoProcesses.restingRssMb,
            atEnd: memoryTwo.map((entry) => entry.rssMb),
            peaks: memoryTwo.map((entry) => entry.peakRssMb),
          },
        },
        results: rows,
        twoProcesses: { startupMs: twoProcesses.startupMs, seconds: processesSeconds, results: rowsTwo },
        postgres: 'skipped' in postgres ? { skipped: postgres.skipped } : { articles: postgresArticleCount, results: rowsPostgres },
      },
      null,
      2,
    )}\n`,
  );
  const failing = [...rows, ...rowsTwo, ...rowsPostgres].filter((row) => row.failures > 0 || row.requestsPerSecond === 0);
  if (failing.length > 0) {
    console.error(`\n${failing.length} scenario(s) had errors or answers outside 2xx: ${failing.map((row) => row.scenario).join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await stopAll();
  for (const cleanUp of cleanUps) await cleanUp();
  rmSync(dataDir, { recursive: true, force: true });
}
