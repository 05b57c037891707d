import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import { type Database, type Dialect, openDatabase, type OpenDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { chartsOf } from '../src/insights/insight-charts.ts';
import { parsePeriod } from '../src/insights/insight-period.ts';
import { rollUpInsights } from '../src/insights/insight-rollups.ts';
import { readInsights } from '../src/insights/read-insights.ts';
import { openBenchSchema } from './postgres-schema.ts';

/**
 * `node bench/insights.ts`: whether /admin/insights answers a year of the ledger in under a second.
 * It generates a year of events (10 million by default, spread evenly, readers drawn from a pool of
 * 400,000) and a commerce history (20,000 subscriptions with their monthly charges), rolls the year
 * up as the job loop would, then times the page's reading (the rollups, the subscriptions and the
 * payment ledger, and the charts built from them) for the year and for 30 days, on SQLite and, when
 * a server answers, on PostgreSQL.
 */
const { values } = parseArgs({
  options: { events: { type: 'string' }, subscriptions: { type: 'string' }, only: { type: 'string' }, runs: { type: 'string' } },
});
const eventCount = Number(values.events ?? 10_000_000);
const subscriptionCount = Number(values.subscriptions ?? 20_000);
const runs = Number(values.runs ?? 5);
const readerPool = 400_000;
const now = new Date('2026-12-01T06:00:00Z');
const yearStart = new Date('2025-12-01T00:00:00Z');
const startSeconds = yearStart.getTime() / 1000;
const stepSeconds = (now.getTime() - yearStart.getTime()) / 1000 / eventCount;
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// One event per i: its kind by i's place in each thousand (80 % reads, 10 % walls, then offers, checkouts, registrations, starts), its reader by a multiplicative hash of i (Knuth's, modulo 2^32, so every kind's readers come from the whole pool).
const kindOf = `case
  when i % 1000 < 800 then 'article-read' when i % 1000 < 900 then 'wall-shown' when i % 1000 < 960 then 'offer-shown'
  when i % 1000 < 980 then 'offer-chosen' when i % 1000 < 990 then 'checkout-started' when i % 1000 < 995 then 'registered'
  when i % 1000 < 998 then 'subscription-started' when i % 1000 < 999 then 'trial-converted' else 'renewed' end`;
const detailOf = `case
  when i % 1000 < 800 then (case (i / 1000) % 4 when 0 then 'free' when 1 then 'metered-counted' when 2 then 're-read' else 'entitled' end)
  when i % 1000 < 900 then 'meter-exhausted' when i % 1000 between 995 and 997 then (case when i % 2 = 0 then 'paid' else 'trial' end) else null end`;
const sourceOf = `case (i / 7) % 7 when 0 then 'search' when 1 then 'social' when 2 then 'newsletter' when 3 then 'campaign' when 4 then 'internal' when 5 then 'referral' else 'direct' end`;
const readerOf = `((i * 2654435761) % 4294967296) % ${readerPool}`;
const articleOf = `((i * 31) % 5000) + 1`;

function eventSelect(dialect: Dialect): string {
  const text = (expression: string) => (dialect === 'postgres' ? `(${expression})::text` : `cast(${expression} as text)`);
  const occurredAt =
    dialect === 'postgres'
      ? `to_char(to_timestamp(${startSeconds} + i * ${stepSeconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', ${startSeconds} + i * ${stepSeconds}, 'unixepoch')`;
  return `select 'e' || ${text('i')}, ${occurredAt}, ${kindOf},
    'reader-' || ${text(readerOf)},
    case when i % 1000 between 990 and 994 then 'anon-' || ${text(readerOf)} else null end,
    case when i % 1000 < 800 then ${articleOf} else null end,
    case when i % 1000 < 800 then (${articleOf}) % 12 + 1 else null end,
    case when i % 1000 < 800 then (${articleOf}) % 300 + 1 else null end,
    case when i % 1000 >= 900 and i % 1000 < 998 then i % 5 + 1 else null end,
    case when i % 1000 >= 995 then 1 else null end,
    ${sourceOf}, ${detailOf},
    case when i % 1000 >= 995 then 1500 else null end,
    case when i % 1000 >= 995 then 'USD' else null end`;
}

const eventColumns =
  'id, occurred_at, kind, reader_key, linked_key, article_id, section_id, author_id, offer_id, plan_id, source, detail, amount_minor, currency';

async function generateLedger(db: Database, dialect: Dialect): Promise<void> {
  const batch = 1_000_000;
  for (let first = 0; first < eventCount; first += batch) {
    const last = Math.min(first + batch, eventCount) - 1;
    const numbers =
      dialect === 'postgres'
        ? `from generate_series(${first}::bigint, ${last}::bigint) as i`
        : `from (with recursive n(i) as (select ${first} union all select i + 1 from n where i < ${last}) select i from n)`;
    await sql.raw(`insert into insight_events (${eventColumns}) ${eventSelect(dialect)} ${numbers}`).execute(db);
  }
}

/** Readers, their subscriptions (a fifth ended, some trials) spread over the year, and a charge for each month each one paid. */
async function generateCommerce(db: Database, dialect: Dialect): Promise<void> {
  await savePlan(db, { slug: 'digital', name: 'Digital', benefits: [], priceMinor: 1500, currency: 'USD', interval: 'month', isActive: true }, yearStart);
  const numbers =
    dialect === 'postgres'
      ? `from generate_series(1, ${subscriptionCount}) as i`
      : `from (with recursive n(i) as (select 1 union all select i + 1 from n where i < ${subscriptionCount}) select i from n)`;
  const isoOf = (seconds: string) =>
    dialect === 'postgres'
      ? `to_char(to_timestamp(${seconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`;
  const startedAt = `${startSeconds} + (i * 1571) % 31000000`;
  await sql
    .raw(
      `insert into accounts (email, name, role, created_at, updated_at) select 'reader' || i || '@example.org', '', 'reader', ${isoOf(startedAt)}, ${isoOf(startedAt)} ${numbers}`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into subscriptions (account_id, plan_id, offer_id, provider, status, current_period_end, trial_end, ended_from, resume_to, intro_periods_left, created_at, updated_at)
       select i, 1, null, 'test',
         case when i % 5 = 0 then 'expired' when i % 11 = 0 then 'past_due' else 'active' end,
         ${isoOf(`${startedAt} + 2592000`)},
         case when i % 4 = 0 then ${isoOf(`${startedAt} + 1209600`)} else null end,
         case when i % 5 = 0 then (case when i % 20 = 0 then 'trial' else 'subscription' end) else null end,
         null, 0, ${isoOf(startedAt)},
         case when i % 5 = 0 then ${isoOf(`${startedAt} + 5184000`)} else ${isoOf(startedAt)} end
       ${numbers}`,
    )
    .execute(db);
  const months =
    dialect === 'postgres'
      ? 'cross join generate_series(0, 11) as m'
      : 'cross join (with recursive k(m) as (select 0 union all select m + 1 from k where m < 11) select m from k)';
  await sql
    .raw(
      `insert into payments (account_id, subscription_id, provider, provider_payment_id, kind, status, amount_minor, currency, refund_of, occurred_at)
       select s.id, s.id, 'test', null, 'charge', 'succeeded', 1500, 'USD', null, ${isoOf(`${startSeconds} + (s.id * 1571) % 31000000 + m * 2592000`)}
       from subscriptions s ${months}
       where ${startSeconds} + (s.id * 1571) % 31000000 + m * 2592000 < ${now.getTime() / 1000} and (s.status <> 'expired' or m < 2)`,
    )
    .execute(db);
}

async function time<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

async function count(
  db: Database,
  table: 'insight_events' | 'insight_daily_counts' | 'insight_daily_readers' | 'insight_daily_attributions' | 'payments',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('rows'))
    .executeTakeFirstOrThrow();
  return Number(row.rows);
}

async function benchOn(label: string, database: OpenDatabase): Promise<string[]> {
  const { db, dialect } = database;
  await migrateToLatest(db, dialect);
  const generated = await time(async () => {
    await generateLedger(db, dialect);
    await generateCommerce(db, dialect);
  });
  const rolled = await time(async () => {
    let days = 0;
    for (let pass = await rollUpInsights(db, now); pass.days > 1; pass = await rollUpInsights(db, now)) days += pass.days;
    return days;
  });
  const lines = [
    `${label}: ${await count(db, 'insight_events')} events and ${await count(db, 'payments')} payments generated in ${(generated.ms / 1000).toFixed(1)} s; ` +
      `the year rolled up in ${(rolled.ms / 1000).toFixed(1)} s into ${await count(db, 'insight_daily_counts')} count rows, ` +
      `${await count(db, 'insight_daily_readers')} reader sketches and ${await count(db, 'insight_daily_attributions')} attribution rows`,
  ];
  for (const [name, period] of [
    ['a year', parsePeriod({ from: '2025-12-02', to: '2026-12-01', today: '2026-12-01' })],
    ['30 days', parsePeriod({ from: undefined, to: undefined, today: '2026-12-01' })],
  ] as const) {
    const timings: number[] = [];
    let readers = 0;
    for (let run = 0; run < runs; run += 1) {
      const { result, ms } = await time(async () => {
        const report = await readInsights(db, { period, now });
        chartsOf(report);
        return report;
      });
      timings.push(ms);
      readers = result.funnel[0]?.readers ?? 0;
    }
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)] ?? 0;
    const worst = timings.at(-1) ?? 0;
    lines.push(
      `${label}, ${name} against the previous: median ${median.toFixed(0)} ms, slowest ${worst.toFixed(0)} ms of ${runs} (${readers} distinct readers) ${worst < 1000 ? 'under' : 'OVER'} the second`,
    );
  }
  return lines;
}

const report: string[] = [];
if (values.only !== 'postgres') {
  const folder = mkdtempSync(path.join(tmpdir(), 'dateline-insights-bench-'));
  const database = await openDatabase({ kind: 'sqlite', file: path.join(folder, 'bench.sqlite') });
  try {
    report.push(...(await benchOn('SQLite', database)));
  } finally {
    await database.close();
    if (!process.env.KEEP) rmSync(folder, { recursive: true, force: true });
    else console.log(folder);
  }
}
if (values.only !== 'sqlite') {
  const schema = await openBenchSchema(postgresUrl);
  if ('skipped' in schema) report.push(`PostgreSQL: skipped, ${schema.skipped}`);
  else {
    const database = await openDatabase({ kind: 'postgres', url: schema.serverUrl }, { schema: schema.schema, poolSize: 10 });
    try {
      report.push(...(await benchOn('PostgreSQL', database)));
    } finally {
      await database.close();
      await schema.drop();
    }
  }
}
console.log(report.join('\n'));
