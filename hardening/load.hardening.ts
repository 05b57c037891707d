import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { rssMegabytes, runLoad, spawnNode, startScriptArgs, stopAll, waitUntilServing, type LoadRequest } from '../bench/server-process.ts';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor } from '../src/access/meter-cookie.ts';
import { registerReader } from '../src/accounts/register.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { addActiveSubscription } from '../test/commerce-fixtures.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoPublication } from '../src/demo/load-demo.ts';
import { mediaDirOf } from '../src/content/media-folder.ts';
import { recordFigure } from './figures.ts';
import { openLiveHeap } from './live-heap.ts';
import { logInFormOf } from './log-in-form.ts';
import { checkoutAwaitingStripe } from './stripe-deliveries.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * The real server, in production mode as `npm start` runs it, under a realistic mix from a second
 * process: 70 % article reads across reader kinds, 15 % fronts, 10 % search, 5 % log-ins and
 * payment webhooks. Starting a Stripe Checkout needs Stripe's servers, which this machine cannot
 * reach, so the payment traffic is Stripe's side of a checkout: signed webhook deliveries that
 * start subscriptions (each delivered over and over, as Stripe retries).
 */
const secret = 'hardening-secret-that-is-long-enough-to-pass';
const webhookSecret = 'whsec_hardeningload';
const seconds = Number(process.env.LOAD_SECONDS ?? 6);
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-load-'));
const testUrl = process.env.TEST_DATABASE_URL;
after(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

/**
 * Memory is compared once the traffic has passed and V8 has given back what it will: on a busy
 * machine that takes longer than on a quiet one, so the reading is taken when it stops falling
 * (from 3 s to 15 s after the run).
 */
async function settledRss(pid: number | undefined): Promise<number> {
  const giveUpAt = performance.now() + 15_000;
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  let last = rssMegabytes(pid);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = rssMegabytes(pid);
    if (now >= last - 1 || performance.now() > giveUpAt) return now;
    last = now;
  }
}

describe(`the server under load (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it('answers a realistic mix with no 5xx and no error in its log, and its memory settles', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(dataDir, 'load');
    const database = await openDatabase(location);
    await migrateToLatest(database.db, database.dialect);
    await loadDemoPublication(database.db, { mediaDir: mediaDirOf(dataDir), now });
    const articles = await database.db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.id', 'a.slug', 'a.access_level', 's.slug as section'])
      .where('a.status', '=', 'published')
      .execute();
    const sections = [...new Set(articles.map((article) => article.section))];
    const offer = await database.db.selectFrom('offers').select('id').orderBy('id').executeTakeFirstOrThrow();
    const plan = await database.db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();

    const password = 'a long load-test passphrase';
    const readers = [];
    for (let index = 0; index < 20; index += 1) {
      const account = await registerReader(database.db, { email: `load${index}@example.org`, name: `Reader ${index}`, password }, now);
      readers.push({ account, cookie: `${sessionCookieName}=${(await openSession(database.db, account.id, now)).token}` });
    }
    const subscriber = await registerReader(database.db, { email: 'subscriber@example.org', name: 'Sub', password }, now);
    await addActiveSubscription(database.db, { accountId: subscriber.id, planId: plan.id, now });
    const subscriberCookie = `${sessionCookieName}=${(await openSession(database.db, subscriber.id, now)).token}`;
    // Readers at Stripe Checkout, whose subscriptions Stripe's webhooks will start.
    const webhooks: LoadRequest[] = [];
    for (const [index, { account }] of readers.slice(0, 10).entries()) {
      webhooks.push(await checkoutAwaitingStripe(database.db, { key: `load_${index}`, accountId: account.id, offerId: offer.id, now, webhookSecret }));
    }
    await database.close();

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const inspectorPort = port + 1;
    const url = `http://127.0.0.1:${port}`;
    const logFile = path.join(dataDir, 'server.log');
    // Every search comes from this one address: the per-address limit is lifted so the searches are served, not refused.
    // The inspector, on loopback, lets the check collect the server's garbage before it reads what lives on.
    const server = spawnNode(
      [`--inspect=127.0.0.1:${inspectorPort}`, ...startScriptArgs()],
      {
        NODE_ENV: 'production',
        // One process, whose memory is the one measured.
        WEB_CONCURRENCY: '1',
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SECRET: secret,
        STRIPE_SECRET_KEY: 'sk_test_hardening',
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        SEARCH_RATE_LIMIT: '1000000',
        ...env,
      },
      logFile,
    );
    await waitUntilServing(`${url}/healthz`);
    const restingRss = rssMegabytes(server.child.pid);
    const liveHeap = await openLiveHeap(inspectorPort);
    const restingLive = await liveHeap.megabytes();

    // A log-in needs the form's token and the cookie it was issued with, as a browser has them.
    const { csrfCookie, csrfToken } = await logInFormOf(url);
    const logIn = (email: string): LoadRequest => ({
      method: 'POST',
      path: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: csrfToken, email, password }).toString(),
    });

    const meterKey = deriveMeterCookieKey(secret);
    const period = now.toISOString().slice(0, 7);
    const pathOf = (article: { section: string; slug: string }) => `/${article.section}/${article.slug}`;
    const pick = <Item>(items: readonly Item[], index: number): Item => {
      const item = items[index % items.length];
      if (item === undefined) throw new Error('nothing to pick from');
      return item;
    };
    const metered = articles.filter((article) => article.access_level === 'metered');
    const mix: LoadRequest[] = [];
    for (let index = 0; index < 100; index += 1) {
      const article = pick(articles, index * 7);
      if (index < 20) mix.push({ path: pathOf(article) });
      else if (index < 35)
        mix.push({
          path: pathOf(article),
          headers: {
            cookie: `${meterCookieName}=${encodeMeterCookie({ meter: { period, articleIds: [pick(metered, index).id] }, visitor: newVisitor() }, meterKey)}`,
          },
        });
      else if (index < 45)
        mix.push({
          path: pathOf(article),
          headers: {
            cookie: `${meterCookieName}=${encodeMeterCookie(
              {
                meter: {
                  period,
                  articleIds: metered
                    .slice(0, 3)
                    .map((entry) => entry.id)
                    .sort((a, b) => a - b),
                },
                visitor: newVisitor(),
              },
              meterKey,
            )}`,
          },
        });
      else if (index < 60) mix.push({ path: pathOf(article), headers: { cookie: pick(readers, index).cookie } });
      else if (index < 70) mix.push({ path: pathOf(article), headers: { cookie: subscriberCookie } });
      else if (index < 75) mix.push({ path: '/' });
      else if (index < 85) mix.push({ path: `/${pick(sections, index)}` });
      else if (index < 95) mix.push({ path: `/search?q=${encodeURIComponent(pick(['harbour', 'election', 'museum', 'council budget', 'rain'], index))}` });
      else if (index < 98) mix.push(logIn(`load${index % 20}@example.org`));
      else mix.push(pick(webhooks, index));
    }

    // Equal runs, one after another, until one ends holding about what the run before it held once
    // its garbage is collected. The caches are bounded, but pages are kept per minute and the mix is
    // wide, so they take some runs to fill; a leak grows with every run and never settles.
    const runs = [];
    const mostRuns = 6;
    let settledAfter: number | null = null;
    for (let round = 1; round <= mostRuns && settledAfter === null; round += 1) {
      const result = await runLoad(path.join(dataDir, `load-plan-${round}.json`), { url, connections: 16, durationSeconds: seconds, requests: mix });
      const rss = await settledRss(server.child.pid);
      const live = await liveHeap.megabytes();
      const before = runs.at(-1)?.live;
      if (before !== undefined && live <= Math.max(before * 1.05, before + 2)) settledAfter = round;
      runs.push({ ...result, rss, live });
    }
    liveHeap.close();
    const served = runs.reduce((sum, run) => sum + run.total, 0);
    const status5xx = runs.reduce((sum, run) => sum + run.status5xx, 0);
    const failed = runs.reduce((sum, run) => sum + run.errors, 0);
    const errorLines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .filter((line) => (JSON.parse(line) as { level?: number }).level !== undefined && ((JSON.parse(line) as { level: number }).level ?? 0) >= 50);

    recordFigure('Load', 'requests served', served);
    recordFigure('Load', '5xx answers', status5xx);
    recordFigure('Load', 'p99 ms (last run)', runs.at(-1)?.p99 ?? 0);
    recordFigure('Load', 'RSS MB at rest before', restingRss);
    recordFigure('Load', 'RSS MB after the first run', runs[0]?.rss ?? 0);
    recordFigure('Load', 'RSS MB after the last run', runs.at(-1)?.rss ?? 0);
    recordFigure('Load', 'live MB at rest before', restingLive);
    recordFigure('Load', 'live MB after the first run', runs[0]?.live ?? 0);
    recordFigure('Load', 'live MB after the last run', runs.at(-1)?.live ?? 0);
    recordFigure('Load', 'runs until memory settled', settledAfter ?? 0);
    recordFigure('Load', 'error lines in the log', errorLines.length);

    assert.ok(served > 1_000, `only ${served} requests were served`);
    assert.equal(status5xx, 0, 'no request may fail on the server');
    assert.equal(failed, 0, 'no connection error or timeout');
    assert.deepEqual(errorLines, [], 'the log holds no error');
    assert.ok(
      settledAfter !== null,
      `live memory did not settle in ${mostRuns} equal runs: ${runs.map((run) => run.live).join(' → ')} MB (resident: ${runs.map((run) => run.rss).join(' → ')} MB)`,
    );
  });
});
