import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnNode, startScriptArgs, stopAll, stopProcess, waitUntilServing } from '../bench/server-process.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { queueSend } from '../src/newsletters/delivery/queue-send.ts';
import { subscribeReaders } from '../test/delivery-fixtures.ts';
import { addNewsletter, addSend, seedNewsletterSend } from '../test/newsletter-send-fixtures.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtp-catcher.ts';
import { recordFigure } from './figures.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * Newsletters are sent exactly once (docs/decisions/0036): a real server process sending a send to
 * a few thousand readers through a real SMTP server (started here, counting what it receives) is
 * killed with SIGKILL mid-send and started again, and every recipient has exactly one message; two
 * server processes on one database share a send, and nobody is mailed twice. Every message a
 * reader not entitled got is searched for the locked text of the send's articles.
 */
const readers = Number(process.env.NEWSLETTER_CRASH_READERS ?? 3000);
const secret = 'hardening-secret-that-is-long-enough-to-pass';
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-newsletter-crash-'));
const testUrl = process.env.TEST_DATABASE_URL;
const catcher: SmtpCatcher = await startSmtpCatcher();

after(async () => {
  await stopAll();
  await catcher.close();
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});

async function waitFor(what: string, isDone: () => Promise<boolean> | boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await isDone())) {
    if (performance.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`newsletters sent exactly once by real server processes (${testUrl ? 'postgres' : 'sqlite'})`, async () => {
  const now = new Date();
  const { location, env } = await serverDatabase(dataDir, 'nlcrash');
  const database = await openDatabase(location);
  after(() => database.close());
  const { db } = database;
  await migrateToLatest(db, database.dialect);
  const fixture = await seedNewsletterSend(db, now);
  const lockedTokens = [...fixture.planted.values()].map((article) => article.token);
  const subscriberEmail = (await db.selectFrom('accounts').select('email').where('id', '=', fixture.readers.subscriber).executeTakeFirstOrThrow()).email;

  const serverEnv = (port: number) => ({
    NODE_ENV: 'production',
    WEB_CONCURRENCY: '1',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://gazette.example/',
    SECRET: secret,
    // Production refuses the test-mode payments; these keys are never used, as no one pays here.
    STRIPE_SECRET_KEY: 'sk_test_hardening',
    STRIPE_WEBHOOK_SECRET: 'whsec_hardeningnewsletters',
    JOB_INTERVAL_SECONDS: '3600',
    SMTP_URL: catcher.url,
    NEWSLETTER_RATE_PER_SECOND: '400',
    NEWSLETTER_SMTP_CONNECTIONS: '5',
    // The shortest lease: the deliveries in flight at the kill are taken over after it.
    NEWSLETTER_LEASE_SECONDS: '10',
    ...env,
  });
  const startServer = async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = spawnNode(startScriptArgs(), serverEnv(port), path.join(dataDir, 'server.log'));
    await waitUntilServing(`http://127.0.0.1:${port}/healthz`);
    return server;
  };
  const undone = async (sendId: number) =>
    Number(
      (
        await db
          .selectFrom('newsletter_deliveries')
          .select((select) => select.fn.countAll<number | string>().as('count'))
          .where('send_id', '=', sendId)
          .where('status', 'in', ['queued', 'sending'])
          .executeTakeFirstOrThrow()
      ).count,
    );
  const assertExactlyOnce = async (sendId: number) => {
    const recipients = await db
      .selectFrom('newsletter_deliveries')
      .innerJoin('accounts', 'accounts.id', 'newsletter_deliveries.account_id')
      .select(['accounts.email', 'newsletter_deliveries.status'])
      .where('send_id', '=', sendId)
      .execute();
    const notOnce = recipients.filter((recipient) => catcher.countFor(recipient.email) !== 1);
    assert.deepEqual(
      notOnce.slice(0, 10).map((recipient) => `${recipient.email}: ${catcher.countFor(recipient.email)} messages, ${recipient.status}`),
      [],
      `${notOnce.length} of ${recipients.length} recipients did not get exactly one message`,
    );
    assert.ok(recipients.every((recipient) => recipient.status === 'sent'));
    return recipients.length;
  };

  it('mails every reader exactly once across a kill -9 mid-send and a restart, and the locked text to nobody but the entitled', async () => {
    await subscribeReaders(db, fixture.newsletterId, { count: readers, prefix: 'crash' }, now);
    const queued = await queueSend(db, fixture.sendId, now);
    const first = await startServer();
    const started = performance.now();
    await waitFor('a third of the messages', () => catcher.messages.length >= queued / 3);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 300)));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = catcher.messages.length;
    const second = await startServer();
    await waitFor('every delivery done', async () => (await undone(fixture.sendId)) === 0);
    const seconds = (performance.now() - started) / 1000;
    await stopProcess(second.child);

    const recipients = await assertExactlyOnce(fixture.sendId);
    assert.equal(recipients, queued);
    for (const message of catcher.messages) {
      if (message.to === subscriberEmail) continue;
      for (const token of lockedTokens) assert.ok(!message.raw.includes(token), `${token} reached ${message.to}'s preview copy`);
    }
    const send = await db.selectFrom('newsletter_sends').select('status').where('id', '=', fixture.sendId).executeTakeFirstOrThrow();
    assert.equal(send.status, 'sent');
    recordFigure('newsletters after kill -9', 'recipients', recipients);
    recordFigure('newsletters after kill -9', 'messages before the kill', atKill);
    recordFigure('newsletters after kill -9', 'seconds, kill and lease included', Math.round(seconds));
    console.log(`${recipients} recipients, ${atKill} mailed before the kill, each exactly once in ${seconds.toFixed(1)} s`);
  });

  it('shares a send between two server processes on one database, mailing nobody twice', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'shared-by-two' }, now);
    await subscribeReaders(db, newsletterId, { count: Math.round(readers * 0.7), prefix: 'shared' }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: fixture.articleIds, scheduledFor: now }, now);
    const [one, two] = await Promise.all([startServer(), startServer()]);
    const started = performance.now();
    const queued = await queueSend(db, sendId, new Date());
    await waitFor('every delivery done', async () => (await undone(sendId)) === 0);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all([stopProcess(one.child), stopProcess(two.child)]);
    assert.equal(await assertExactlyOnce(sendId), queued);
    recordFigure('newsletters by two instances', 'recipients', queued);
    recordFigure('newsletters by two instances', 'messages a second', Math.round(queued / seconds));
    console.log(`${queued} recipients shared by two instances, each mailed once, ${Math.round(queued / seconds)} messages a second`);
  });
});
