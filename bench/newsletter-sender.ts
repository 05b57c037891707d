import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { preferencesUrl, unsubscribeUrl } from '../src/http/newsletter-paths.ts';
import { queueSend } from '../src/newsletters/delivery/queue-send.ts';
import { startNewsletterSending } from '../src/newsletters/delivery/start-newsletter-sending.ts';
import { deriveNewsletterLinkKey } from '../src/newsletters/newsletter-link.ts';
import { derivePreferencesLinkKey } from '../src/newsletters/preferences-link.ts';
import { parseMemory } from './process-tree.ts';

/**
 * Dateline's side of the newsletter bench, in a process of its own as an instance would be: the
 * configuration from the environment (SMTP_URL the sink, the rate limit out of the way), the
 * send's queueing (queueSend), then the senders (startNewsletterSending) until none of its
 * deliveries is left queued or in flight, or until BENCH_SEND_SECONDS have passed (then it stops
 * and reports what it sent). Argument: the send's id. Prints one JSON line:
 * recipients queued and sent, the queueing's and the whole's milliseconds, its own CPU time (every
 * thread) and its peak resident set (VmHWM) in MB.
 */
const sendId = Number(process.argv[2]);
const limitMs = Number(process.env.BENCH_SEND_SECONDS ?? 600) * 1000;
const config = loadConfig(process.env, process.cwd());
const database = await openDatabase(config.database);
const { db } = database;
// Warnings and errors only, as an operator would read them; the bench reads its figures from stdout's last line.
const { log } = Fastify({ logger: { level: 'warn', stream: process.stderr } });

const count = async (statuses: readonly ('queued' | 'sending' | 'sent')[]) =>
  Number(
    (
      await db
        .selectFrom('newsletter_deliveries')
        .select((eb) => eb.fn.countAll<number | string>().as('deliveries'))
        .where('send_id', '=', sendId)
        .where('status', 'in', statuses)
        .executeTakeFirstOrThrow()
    ).deliveries,
  );

const cpuBefore = process.cpuUsage();
const started = performance.now();
const queued = await queueSend(db, sendId, new Date());
const queueMs = performance.now() - started;
const sending = startNewsletterSending({
  config,
  db,
  dialect: database.dialect,
  log,
  siteUrl: config.publicUrl,
  pages: { unsubscribeUrl, preferencesUrl },
  newsletterLinkKey: deriveNewsletterLinkKey(config.secret),
  preferencesLinkKey: derivePreferencesLinkKey(config.secret),
});
// A tenth of a second's polling adds at most that to a run of many seconds, and one indexed count to the database's work.
while ((await count(['queued', 'sending'])) > 0 && performance.now() - started < limitMs) await new Promise((resolve) => setTimeout(resolve, 100));
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await sending.stop();
const sent = await count(['sent']);
await database.close();
const { peakRssMb } = parseMemory(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(`${JSON.stringify({ queued, sent, queueMs, wallMs, cpuMicroseconds: cpu.user + cpu.system, peakRssMb })}\n`);
