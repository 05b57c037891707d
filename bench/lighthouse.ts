import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoPublication } from '../src/demo/load-demo.ts';
import { mediaDirOf } from '../src/content/media-folder.ts';
import { spawnNode, startScriptArgs, stopAll, waitUntilServing } from './server-process.ts';

/**
 * `npm run lighthouse`: the real server in production mode, as readers get it, on a fresh data
 * folder with the demo publication, measured by Lighthouse (mobile and desktop) driving Chromium.
 * Checkout in production is Stripe's hosted page, so the test-mode checkout is measured on a
 * development-mode server on the same data folder. Prints a table and writes
 * bench/lighthouse-results.json. --only TEXT measures the pages whose name contains TEXT.
 */
const { values } = parseArgs({ options: { only: { type: 'string' }, port: { type: 'string' } } });
const port = Number(values.port ?? 3114);
const secret = 'lighthouse-secret-that-is-long-enough-to-pass-the-check';
const chromeFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

type Page = { name: string; url: string; cookie?: string };
type Row = {
  page: string;
  formFactor: 'mobile' | 'desktop';
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  cls: number;
  kib: number;
  metricsMs: Record<string, number>;
  failing: string[];
  requests: { url: string; bytes: number }[];
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-lighthouse-'));
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  const now = new Date();
  const database = await openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') });
  await migrateToLatest(database.db, database.dialect);
  await loadDemoPublication(database.db, { mediaDir: mediaDirOf(dataDir), now });
  const readerId = await insertAccount(database.db, { email: 'reader@example.org', name: 'Rosa Reader', passwordHash: null, role: 'reader', now });
  const readerCookie = `${sessionCookieName}=${(await openSession(database.db, readerId, now)).token}`;
  const articles = await database.db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.slug', 'a.access_level', 's.slug as section'])
    .orderBy('a.published_at', 'desc')
    .execute();
  await database.close();
  const articleOf = (level: string) => {
    const article = articles.find((candidate) => candidate.access_level === level);
    if (!article) throw new Error(`the demo publication has no ${level} article`);
    return `/${article.section}/${article.slug}`;
  };

  const environment = { DATA_DIR: dataDir, HOST: '127.0.0.1', SECRET: secret, SEARCH_RATE_LIMIT: '1000000' };
  const production = spawnNode(
    startScriptArgs(),
    { ...environment, NODE_ENV: 'production', PORT: String(port), STRIPE_SECRET_KEY: 'sk_test_lighthouse', STRIPE_WEBHOOK_SECRET: 'whsec_lighthouse' },
    path.join(dataDir, 'production.log'),
  );
  const development = spawnNode(startScriptArgs(), { ...environment, PORT: String(port + 1) }, path.join(dataDir, 'development.log'));
  const url = `http://127.0.0.1:${port}`;
  const developmentUrl = `http://127.0.0.1:${port + 1}`;
  await waitUntilServing(`${url}/healthz`);
  await waitUntilServing(`${developmentUrl}/healthz`);
  if (production.child.exitCode !== null || development.child.exitCode !== null) throw new Error('a server exited');

  const sectionPath = articleOf('free').split('/').slice(0, 2).join('/');
  const pages: Page[] = [
    { name: 'home', url: `${url}/` },
    { name: 'section', url: `${url}${sectionPath}` },
    { name: 'free article', url: `${url}${articleOf('free')}` },
    { name: 'metered article', url: `${url}${articleOf('metered')}` },
    { name: 'paywalled article', url: `${url}${articleOf('premium')}` },
    { name: 'offers', url: `${url}/offers` },
    { name: 'search', url: `${url}/search?q=harbour` },
    { name: 'account (signed in)', url: `${url}/account`, cookie: readerCookie },
    { name: 'checkout (test mode, development server)', url: await openTestCheckout(developmentUrl, readerCookie), cookie: readerCookie },
  ];

  const rows: Row[] = [];
  for (const page of pages.filter((candidate) => !values.only || candidate.name.includes(values.only))) {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      // A browser of its own for each run: a first visit, with no cookie another page left (the browser's own would override the session's).
      await chrome?.kill();
      chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags });
      const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined };
      // On a busy machine the trace is now and then lost (NO_NAVSTART), and now and then a new browser's first
      // page goes out without the session's cookie (a redirect to log in, or a 404 for the checkout): try again.
      let result = await lighthouse(page.url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
      for (let attempt = 1; attempt < 3 && (result?.lhr.runtimeError || result?.lhr.finalDisplayedUrl !== page.url); attempt += 1) {
        result = await lighthouse(page.url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
      }
      if (!result) throw new Error(`Lighthouse gave nothing for ${page.name}`);
      const { categories, audits } = result.lhr;
      const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
      const failing = Object.values(categories).flatMap((category) =>
        category.auditRefs.filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 1).map((ref) => `${category.id}:${ref.id}`),
      );
      if (result.lhr.finalDisplayedUrl !== page.url) failing.unshift(`measured ${result.lhr.finalDisplayedUrl}, not the page asked for`);
      rows.push({
        page: page.name,
        formFactor,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        cls: Math.round((audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000,
        // The timings behind the performance score, to see which one holds it back.
        metricsMs: Object.fromEntries(
          ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index'].map((id) => [
            id,
            Math.round(audits[id]?.numericValue ?? 0),
          ]),
        ),
        kib: Math.round((audits['total-byte-weight']?.numericValue ?? 0) / 1024),
        requests: requestsOf(audits['network-requests']?.details),
        failing: result.lhr.runtimeError ? [`runtime error: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`] : failing,
      });
    }
  }

  console.log('| page | form factor | performance | accessibility | best practices | SEO | CLS | KiB transferred | audits below 1 |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of rows)
    console.log(
      `| ${row.page} | ${row.formFactor} | ${row.performance} | ${row.accessibility} | ${row.bestPractices} | ${row.seo} | ${row.cls} | ${row.kib} | ${row.failing.join(', ')} |`,
    );
  writeFileSync(path.join('bench', 'lighthouse-results.json'), `${JSON.stringify({ at: now.toISOString(), lighthouse: '12.2.3', rows }, null, 2)}\n`);
} finally {
  await chrome?.kill();
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
}

/** What the page fetched and how many bytes came over the wire for each, heaviest first: where the weight is. */
function requestsOf(details: unknown): { url: string; bytes: number }[] {
  if (typeof details !== 'object' || details === null || !('items' in details) || !Array.isArray(details.items)) return [];
  return details.items
    .map((item: { url?: unknown; transferSize?: unknown }) => ({ url: String(item.url), bytes: Number(item.transferSize ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** Opens a test-mode checkout of the demo's first offer for the signed-in reader, as its Subscribe button does; returns its address. */
async function openTestCheckout(siteUrl: string, cookie: string): Promise<string> {
  const offers = await fetch(`${siteUrl}/offers`, { headers: { cookie } });
  const formSecret = offers.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .filter((pair) => pair.startsWith('dl_csrf='));
  const html = await offers.text();
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const offer = html.match(/name="offer" value="([^"]+)"/)?.[1];
  if (!token || !offer) throw new Error('the offers page has no form to subscribe with');
  const answer = await fetch(`${siteUrl}/checkout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: [cookie, ...formSecret].join('; '), 'content-type': 'application/x-www-form-urlencoded', origin: siteUrl },
    body: new URLSearchParams({ _csrf: token, offer }).toString(),
  });
  const location = answer.headers.get('location');
  if (!location) throw new Error(`checkout answered ${answer.status} without an address`);
  return new URL(location, siteUrl).toString();
}
