import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { type OpenDatabase, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { composeBoundMessage } from './newsletter-message.ts';
import { type BenchSend, prepareNewsletterSend } from './newsletter-readers.ts';
import { formatNewsletterTable, type NewsletterRow, newsletterRowOf, type SendingPhase } from './newsletter-report.ts';
import { openBenchSchema } from './postgres-schema.ts';
import { cpuMicrosecondsOfTree } from './process-cpu.ts';
import { meanBound } from './report.ts';
import { spawnNode, startScriptArgs, stopAll } from './server-process.ts';

/**
 * `node bench/newsletters.ts`: whether a send to 100,000 readers goes out at least half as fast as
 * bare nodemailer can send one fixed message to the same SMTP server, and in at most 250 MB. An SMTP
 * sink (smtp-server, its own process) takes every message on 127.0.0.1. The bound, bare nodemailer
 * pooled over as many connections as Dateline's default (5), sends the edition's message composed
 * once to every reader, at the start and again at the end; between them, on SQLite and (when a
 * server answers) PostgreSQL, a newsroom of 100,000 subscribed readers is written and Dateline's
 * own process queues the send and sends it (queueSend, then startNewsletterSending with no rate
 * limit to speak of) until every delivery is sent or --send-seconds have passed. Everything stops
 * at --time-limit.
 */
const { values } = parseArgs({
  options: {
    recipients: { type: 'string' },
    only: { type: 'string' },
    'send-seconds': { type: 'string' },
    'time-limit': { type: 'string' },
  },
});
const recipients = Number(values.recipients ?? 100_000);
// A sending still running then stops and is reported as it stood; the whole run stops at the time limit whatever it is doing.
const sendSeconds = Number(values['send-seconds'] ?? 600);
const timeLimitSeconds = Number(values['time-limit'] ?? 1800);
// NEWSLETTER_SMTP_CONNECTIONS' default: the bound gets the same number of connections Dateline has.
const connections = 5;
const secret = 'bench-secret-that-is-long-enough-to-pass-the-check';
const siteUrl = new URL('https://news.bench.example/');
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (!Number.isInteger(recipients) || recipients < 1) throw new Error('--recipients must be a whole number of at least 1');

const workDir = mkdtempSync(path.join(tmpdir(), 'dateline-newsletter-bench-'));
const cleanUps: (() => Promise<void>)[] = [];
// Dateline's SQLite file where the server would keep it: in its data folder, under the default name.
const sqliteDir = path.join(workDir, 'sqlite');
mkdirSync(sqliteDir);
const sqliteFile = path.join(sqliteDir, 'dateline.sqlite');
const timeLimit = setTimeout(() => {
  console.error(`The newsletter bench passed its time limit of ${timeLimitSeconds} s (--time-limit): stopping.`);
  process.exitCode = 1;
  void stopAll()
    .then(() => Promise.all(cleanUps.map((cleanUp) => cleanUp())))
    .finally(() => {
      rmSync(workDir, { recursive: true, force: true });
      process.exit(1);
    });
}, timeLimitSeconds * 1000);
timeLimit.unref();

const boundReport = Type.Object({ sent: Type.Number(), ms: Type.Number(), cpuMicroseconds: Type.Number() });
const senderReport = Type.Object({
  queued: Type.Number(),
  sent: Type.Number(),
  queueMs: Type.Number(),
  wallMs: Type.Number(),
  cpuMicroseconds: Type.Number(),
  peakRssMb: Type.Number(),
});

/** A child's last line of output, read as its report; a child that failed says why on stderr, which the bench shares. */
async function reportOf<Schema extends typeof boundReport | typeof senderReport>(
  args: string[],
  env: Record<string, string>,
  schema: Schema,
): Promise<Static<Schema>> {
  const { child, firstLine } = spawnNode(args, env);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = await Promise.race([firstLine, exited.then(() => '')]);
  const code = await exited;
  if (code !== 0 || line === '') throw new Error(`${args.find((arg) => arg.endsWith('.ts'))} failed (exit ${code})`);
  return Value.Parse(schema, JSON.parse(line));
}

// The sink: every phase reads its counts and CPU before and after, the difference being the phase's.
const sink = spawnNode(['bench/smtp-sink.ts'], {});
const [smtpPort = '', countsPort = ''] = (await sink.firstLine).trim().split(' ');
const sinkPid = sink.child.pid ?? 0;
const sinkCounts = async () =>
  Value.Parse(Type.Object({ messages: Type.Number(), bytes: Type.Number() }), await (await fetch(`http://127.0.0.1:${countsPort}/`)).json());

async function measurePhase(
  label: string,
  run: () => Promise<Omit<SendingPhase, 'label' | 'recipients' | 'received' | 'receivedBytes' | 'sinkCpuMicroseconds'>>,
): Promise<SendingPhase> {
  const before = await sinkCounts();
  const sinkCpuBefore = cpuMicrosecondsOfTree(sinkPid);
  const figures = await run();
  const sinkCpu = cpuMicrosecondsOfTree(sinkPid) - sinkCpuBefore;
  const after = await sinkCounts();
  const phase = {
    label,
    recipients,
    received: after.messages - before.messages,
    receivedBytes: after.bytes - before.bytes,
    sinkCpuMicroseconds: sinkCpu,
    ...figures,
  };
  console.log(`${label}: ${phase.received} messages in ${(phase.wallMs / 1000).toFixed(1)} s`);
  return phase;
}

const measureBound = (messageFile: string, when: string) =>
  measurePhase(`bound: bare nodemailer, one message (${when})`, async () => {
    const report = await reportOf(['bench/newsletter-baseline.ts', smtpPort, String(recipients), String(connections), messageFile], {}, boundReport);
    return { wallMs: report.ms, queueMs: null, senderCpuMicroseconds: report.cpuMicroseconds, senderPeakRssMb: null };
  });

// The node flags `npm start` gives the server (its young generation's cap among them), so the sender's memory is what an instance's would be.
const nodeFlags = startScriptArgs().filter((arg) => arg.startsWith('--'));

/** Dateline's own process: the environment the server would have, with the sink as its SMTP server and the rate limit out of the way. */
const measureDateline = (label: string, send: BenchSend, databaseUrl: string | null) =>
  measurePhase(label, async () => {
    const report = await reportOf(
      [...nodeFlags, 'bench/newsletter-sender.ts', String(send.sendId)],
      {
        NODE_ENV: 'production',
        DATA_DIR: databaseUrl === null ? sqliteDir : mkdtempSync(path.join(workDir, 'data-')),
        ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
        SECRET: secret,
        PUBLIC_URL: siteUrl.href,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        NEWSLETTER_RATE_PER_SECOND: '100000',
        BENCH_SEND_SECONDS: String(sendSeconds),
        // Production refuses to start without payments configured; the sender never calls them.
        STRIPE_SECRET_KEY: 'sk_test_bench',
        STRIPE_WEBHOOK_SECRET: 'whsec_bench',
      },
      senderReport,
    );
    if (report.queued !== recipients) throw new Error(`${label}: queueSend queued ${report.queued} of ${recipients} recipients`);
    if (report.sent < recipients) console.log(`${label}: stopped after --send-seconds (${sendSeconds} s) with ${report.sent} of ${recipients} sent`);
    return { wallMs: report.wallMs, queueMs: report.queueMs, senderCpuMicroseconds: report.cpuMicroseconds, senderPeakRssMb: report.peakRssMb };
  });

async function seeded(database: OpenDatabase, label: string): Promise<BenchSend> {
  await migrateToLatest(database.db, database.dialect);
  const started = performance.now();
  const send = await prepareNewsletterSend(database.db, database.dialect, { recipients, now: new Date() });
  console.log(`${label}: ${recipients} subscribed readers written in ${Math.round(performance.now() - started)} ms`);
  return send;
}

try {
  console.log(`Dateline newsletter bench: ${recipients} recipients, ${connections} SMTP connections, sink on 127.0.0.1:${smtpPort}`);
  const phases: SendingPhase[] = [];
  const sqlite = await openDatabase({ kind: 'sqlite', file: sqliteFile });
  const sqliteSend = await seeded(sqlite, 'SQLite');
  const messageFile = path.join(workDir, 'message.eml');
  writeFileSync(messageFile, await composeBoundMessage(sqlite.db, sqliteSend, { siteUrl, secret, now: new Date() }));
  await sqlite.close();

  const boundAtStart = await measureBound(messageFile, 'start');
  if (values.only !== 'postgres') phases.push(await measureDateline('Dateline, SQLite', sqliteSend, null));
  let postgresSkipped: string | null = null;
  if (values.only !== 'sqlite') {
    const schema = await openBenchSchema(postgresUrl);
    if ('skipped' in schema) postgresSkipped = schema.skipped;
    else {
      cleanUps.push(schema.drop);
      const postgres = await openDatabase({ kind: 'postgres', url: schema.serverUrl }, { schema: schema.schema });
      const postgresSend = await seeded(postgres, 'PostgreSQL').finally(() => postgres.close());
      phases.push(await measureDateline('Dateline, PostgreSQL', postgresSend, schema.url));
    }
  }
  const boundAtEnd = await measureBound(messageFile, 'end');

  const bound = meanBound(boundAtStart.received / (boundAtStart.wallMs / 1000), boundAtEnd.received / (boundAtEnd.wallMs / 1000));
  const rows: NewsletterRow[] = [boundAtStart, ...phases, boundAtEnd].map((phase) => newsletterRowOf(phase, { bound }));
  console.log(
    `\nBound: ${rows[0]?.messagesPerSecond} msg/s at the start, ${rows.at(-1)?.messagesPerSecond} at the end; ratios are to their mean. Dateline's msg/s counts from queueing the send to its last delivery sent.`,
  );
  console.log(
    "Sender CPU is the sending process's user + system time over the wall time, in cores; sink CPU the same of the SMTP sink (near 1 would make it the limit).\n",
  );
  console.log(formatNewsletterTable(rows));
  if (postgresSkipped !== null) console.log(`\nPostgreSQL pass skipped: ${postgresSkipped}.`);
  writeFileSync(
    path.join('bench', 'newsletter-results.json'),
    `${JSON.stringify({ recipients, connections, at: new Date().toISOString(), bound: Math.round(bound), results: rows, postgres: postgresSkipped ?? 'measured' }, null, 2)}\n`,
  );
  const failing = rows.filter((row) => row.checks.some((check) => check.isMet === false));
  if (failing.length > 0) console.log(`\nTargets missed: ${failing.map((row) => row.label).join('; ')}`);
} finally {
  clearTimeout(timeLimit);
  await stopAll();
  for (const cleanUp of cleanUps) await cleanUp();
  rmSync(workDir, { recursive: true, force: true });
}
