import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName } from '../src/access/meter-cookie.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import { addActiveSubscription } from '../test/commerce-fixtures.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { writeAccessSettings } from '../src/settings/access-settings-repository.ts';
import { generateCorpus } from './corpus.ts';
import { rssMegabytes, runLoad, spawnNode, startScriptArgs, stopAll, waitUntilServing, type LoadRequest } from './server-process.ts';

/**
 * `npm run bench`: the real server in production mode on SQLite with a generated corpus, loaded from
 * a second process by autocannon on 127.0.0.1, beside a bare node:http server sending the same page
 * (the bound). Prints a table and writes bench/results.json. --smoke is CI's short run: it fails
 * only when a scenario errors, never on speed.
 */
const { values } = parseArgs({
  options: {
    full: { type: 'boolean' },
    smoke: { type: 'boolean' },
    articles: { type: 'string' },
    seconds: { type: 'string' },
    profile: { type: 'string' },
    only: { type: 'string' },
  },
});
const mode = values.full ? 'full' : values.smoke ? 'smoke' : 'quick';
const articleCount = Number(values.articles ?? (mode === 'full' ? 100_000 : mode === 'smoke' ? 300 : 2_000));
const seconds = Number(values.seconds ?? (mode === 'full' ? 10 : mode === 'smoke' ? 1 : 4));
const connections = mode === 'smoke' ? 8 : 32;
const secret = 'bench-secret-that-is-long-enough-to-pass-the-check';

async function load(url: string, requests: LoadRequest[], scenarioConnections: number) {
  return runLoad(path.join(dataDir, 'load-plan.json'), { url, connections: scenarioConnections, durationSeconds: seconds, requests });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-bench-'));
try {
  console.log(`Dateline bench (${mode}): ${articleCount} articles, ${seconds}s per scenario, ${connections} connections`);
  const now = new Date();
  const database = await openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') });
  await migrateToLatest(database.db, database.dialect);
  const corpusStarted = performance.now();
  await generateCorpus(database.db, { count: articleCount, now });
  console.log(`corpus generated in ${Math.round(performance.now() - corpusStarted)} ms`);
  await writeAccessSettings(database.db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2 }, now);
  const planId = await savePlan(
    database.db,
    { slug: 'digital', name: 'Digital', benefits: [], priceMinor: 1500, currency: 'USD', interval: 'month', isActive: true },
    now,
  );
  const readerCookies: string[] = [];
  for (let index = 0; index < 100; index += 1) {
    const accountId = await insertAccount(database.db, { email: `bench${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
    readerCookies.push(`${sessionCookieName}=${(await openSession(database.db, accountId, now)).token}`);
  }
  const subscriberId = await insertAccount(database.db, { email: 'subscriber@example.org', name: '', passwordHash: null, role: 'reader', now });
  await addActiveSubscription(database.db, { accountId: subscriberId, planId: planId, now });
  const subscriberCookie = `${sessionCookieName}=${(await openSession(database.db, subscriberId, now)).token}`;
  const articles = await database.db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.id', 'a.slug', 'a.access_level', 's.slug as section'])
    .orderBy('a.id')
    .limit(400)
    .execute();
  await database.close();

  const pathOf = (article: { section: string; slug: string }) => `/${article.section}/${article.slug}`;
  const free = articles.filter((article) => article.access_level === 'free');
  const metered = articles.filter((article) => article.access_level === 'metered');
  const premium = articles.filter((article) => article.access_level === 'premium');
  const [firstFree] = free;
  const [firstMetered, secondMetered] = metered;
  if (!firstFree || !firstMetered || !secondMetered || premium.length === 0) throw new Error('the corpus lacks the articles the scenarios need');
  const key = deriveMeterCookieKey(secret);
  const period = now.toISOString().slice(0, 7);
  const cookieWithReads = (ids: number[]) => `${meterCookieName}=${encodeMeterCookie({ period, articleIds: [...ids].sort((a, b) => a - b) }, key)}`;

  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const serverStarted = performance.now();
  // --profile DIR writes a V8 CPU profile of the server to DIR, to see where the time goes.
  const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  const server = spawnNode(
    [...profileArgs, ...startScriptArgs()],
    {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECRET: secret,
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_WEBHOOK_SECRET: 'whsec_bench',
      // Every search comes from this one address: lift the per-address limit so search is measured, not refused.
      SEARCH_RATE_LIMIT: '1000000',
    },
    path.join(dataDir, 'server.log'),
  );
  const url = `http://127.0.0.1:${port}`;
  const startupMs = await waitUntilServing(`${url}${pathOf(firstFree)}`, { since: serverStarted });
  const idleRssMb = rssMegabytes(server.child.pid);

  const pageFile = path.join(dataDir, 'page.html');
  writeFileSync(pageFile, Buffer.from(await (await fetch(`${url}${pathOf(firstFree)}`)).arrayBuffer()));
  const bare = spawnNode(['bench/bare-server.ts', pageFile, '0'], {});
  const bareUrl = `http://127.0.0.1:${(await bare.firstLine).trim()}`;

  // A browser keeps the form-token cookie its first signed-in page sets; so do the bench's readers.
  const asBrowser = async (cookie: string) => {
    const response = await fetch(`${url}/`, { headers: { cookie } });
    const tokenCookie = response.headers
      .getSetCookie()
      .find((header) => header.startsWith('dl_csrf='))
      ?.split(';')[0];
    return tokenCookie ? `${cookie}; ${tokenCookie}` : cookie;
  };
  const readerBrowsers = await Promise.all(readerCookies.map(asBrowser));
  const subscriberBrowser = await asBrowser(subscriberCookie);

  const searches = ['ceasefire', 'harbour', 'election', 'museum', 'budget', 'harbour strike'].map((words) => ({
    path: `/search?q=${encodeURIComponent(words)}`,
  }));
  const scenarios: { name: string; url: string; connections?: number; requests: LoadRequest[] }[] = [
    { name: 'bound: bare node:http, same page', url: bareUrl, requests: [{ path: '/' }] },
    { name: 'free article, no cookies', url, requests: [{ path: pathOf(firstFree) }] },
    { name: 'metered, new anonymous reader', url, requests: [{ path: pathOf(firstMetered) }] },
    { name: 'metered, anonymous with reads left', url, requests: [{ path: pathOf(secondMetered), headers: { cookie: cookieWithReads([firstMetered.id]) } }] },
    {
      name: 'metered, anonymous over the meter',
      url,
      requests: [{ path: pathOf(firstMetered), headers: { cookie: cookieWithReads(metered.slice(1, 4).map((article) => article.id)) } }],
    },
    {
      name: 'registered reader, database meter write',
      url,
      requests: readerBrowsers.flatMap((cookie, reader) =>
        metered.slice(0, 10).map((article, index) => ({ path: pathOf(metered[(reader + index * 7) % metered.length] ?? article), headers: { cookie } })),
      ),
    },
    { name: 'subscriber, premium article', url, requests: [{ path: pathOf(premium[0] ?? firstFree), headers: { cookie: subscriberBrowser } }] },
    { name: 'home page', url, requests: [{ path: '/' }] },
    { name: 'section front', url, requests: [{ path: '/world' }] },
    { name: 'search', url, requests: searches },
    // How long one search takes when it does not queue behind 31 others.
    { name: 'search, one reader at a time', url, connections: 1, requests: searches },
    { name: 'feed.xml', url, requests: [{ path: '/feed.xml' }] },
  ];

  const measured: { scenario: (typeof scenarios)[number]; result: Awaited<ReturnType<typeof load>>; rss: number }[] = [];
  const [boundScenario] = scenarios;
  if (!boundScenario) throw new Error('no bound to measure');
  for (const scenario of scenarios.filter((candidate, index) => index === 0 || !values.only || candidate.name.includes(values.only))) {
    const result = await load(scenario.url, scenario.requests, scenario.connections ?? connections);
    measured.push({ scenario, result, rss: scenario.url === url ? rssMegabytes(server.child.pid) : rssMegabytes(bare.child.pid) });
    // Let the server finish what the last scenario left queued, so each scenario starts from rest.
    const settleBy = performance.now() + 60_000;
    while (
      performance.now() < settleBy &&
      !(await fetch(`${url}/healthz`)
        .then((response) => response.ok)
        .catch(() => false))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // The bound is measured again at the end: on a shared machine its speed drifts, and the ratios use the mean.
  const boundAtEnd = await load(boundScenario.url, boundScenario.requests, connections);
  const boundAtStart = measured[0]?.result.requestsPerSecond ?? 0;
  const bound = (boundAtStart + boundAtEnd.requestsPerSecond) / 2;
  // What the server keeps once the traffic has passed: V8 gives back memory after some seconds at rest.
  await new Promise((resolve) => setTimeout(resolve, mode === 'smoke' ? 1_000 : 15_000));
  const restingRssMb = rssMegabytes(server.child.pid);
  let failures = 0;
  const results = measured.map(({ scenario, result, rss }) => {
    if (result.errors > 0 || result.non2xx > 0 || result.total === 0) failures += 1;
    return {
      scenario: scenario.name,
      requestsPerSecond: Math.round(result.requestsPerSecond),
      p50: result.p50,
      p97_5: result.p97_5,
      p99: result.p99,
      ratioToBound: Math.round((result.requestsPerSecond / bound) * 100) / 100,
      serverRssMb: rss,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  });

  console.log(`\nstart-up to first served page: ${startupMs} ms; server RSS then: ${idleRssMb} MB; after the run, at rest: ${restingRssMb} MB`);
  console.log(`bound: ${Math.round(boundAtStart)} req/s at the start, ${Math.round(boundAtEnd.requestsPerSecond)} at the end; ratios are to their mean\n`);
  console.log('| scenario | req/s | p50 ms | p97.5 ms | p99 ms | ratio to bound | server RSS MB | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of results)
    console.log(
      `| ${row.scenario} | ${row.requestsPerSecond} | ${row.p50} | ${row.p97_5} | ${row.p99} | ${row.ratioToBound} | ${row.serverRssMb} | ${row.errors + row.non2xx} |`,
    );
  writeFileSync(
    path.join('bench', 'results.json'),
    `${JSON.stringify({ mode, articles: articleCount, seconds, connections, startupMs, idleRssMb, restingRssMb, boundAtStart: Math.round(boundAtStart), boundAtEnd: Math.round(boundAtEnd.requestsPerSecond), at: now.toISOString(), results }, null, 2)}\n`,
  );
  if (failures > 0) {
    console.error(`\n${failures} scenario(s) had errors or non-2xx answers`);
    process.exitCode = 1;
  }
} finally {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
}
