import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { spawnNode, startScriptArgs, stopAll, waitUntilServing } from '../bench/server-process.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { writeAccessSettings } from '../src/settings/access-settings-repository.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../test/content-fixtures.ts';
import { recordFigure } from './figures.ts';
import { subscriptionCreatedDelivery } from './stripe-deliveries.ts';
import { dropServerDatabases, serverDatabase } from './server-database.ts';

/**
 * kill -9 while the server counts meters, takes Stripe's webhooks and publishes scheduled articles,
 * then a restart: every write the server acknowledged is there, nothing is half-written, and a
 * webhook that was not acknowledged completes exactly once when Stripe delivers it again.
 */
const rounds = Number(process.env.CRASH_ROUNDS ?? 3);
const secret = 'hardening-secret-that-is-long-enough-to-pass';
const webhookSecret = 'whsec_hardeningcrash';
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-crash-'));
const testUrl = process.env.TEST_DATABASE_URL;


after(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  await dropServerDatabases();
});


/** Sends a request and says whether the server acknowledged it; a connection cut by the kill is no acknowledgement. */
async function acknowledged(url: string, init: RequestInit, isAcknowledgement: (response: Response, body: string) => boolean): Promise<boolean> {
  try {
    const response = await fetch(url, init);
    return isAcknowledgement(response, await response.text());
  } catch {
    return false;
  }
}

describe(`kill -9 and restart (${testUrl ? 'postgres' : 'sqlite'})`, () => {
  it('keeps every acknowledged write, leaves nothing half-written, and completes retried webhooks once', async () => {
    const now = new Date();
    const { location, env } = await serverDatabase(dataDir, 'crash');
    const database = await openDatabase(location);
    const db: Database = database.db;
    await migrateToLatest(db, database.dialect);
    const seeded = await seedPublication(db, now);
    await seedCatalogue(db, now);
    await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 100 }, defaultPreviewBlocks: 1 }, now);
    const metered: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      const slug = `metered-${index}`;
      await addArticle(db, seeded, { slug, headline: `Metered story ${index}`, body: 'One paragraph.\n\nTwo paragraphs.\n\nThree paragraphs.' }, now);
      metered.push(slug);
    }
    const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'trial').executeTakeFirstOrThrow();

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const url = `http://127.0.0.1:${port}`;
    const serverEnv = { NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SECRET: secret, STRIPE_SECRET_KEY: 'sk_test_hardening', STRIPE_WEBHOOK_SECRET: webhookSecret, JOB_INTERVAL_SECONDS: '1', ...env };
    const startServer = async () => {
      const server = spawnNode(startScriptArgs(), serverEnv, path.join(dataDir, 'server.log'));
      await waitUntilServing(`${url}/healthz`);
      return server;
    };

    let writesChecked = 0;
    let readsInFlight = 0;
    for (let round = 0; round < rounds; round += 1) {
      // This round's readers, checkouts and scheduled articles, written while the server is down.
      const readers: { accountId: number; cookie: string }[] = [];
      for (let index = 0; index < 16; index += 1) {
        const accountId = await insertAccount(db, { email: `crash-${round}-${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
        readers.push({ accountId, cookie: `${sessionCookieName}=${(await openSession(db, accountId, now)).token}` });
      }
      // Readers at Stripe Checkout are others: once subscribed, their reads are no longer metered.
      const buyers: number[] = [];
      for (let index = 0; index < 6; index += 1) {
        const buyerId = await insertAccount(db, { email: `buyer-${round}-${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
        buyers.push(buyerId);
        await db.insertInto('checkout_sessions').values({ id: `chk_crash_${round}_${index}`, account_id: buyerId, offer_id: offer.id, provider: 'stripe', provider_session_id: `cs_crash_${round}_${index}`, status: 'open', created_at: now.toISOString(), completed_at: null }).execute();
      }
      const scheduledAt = new Date(Date.now() + 500);
      for (let index = 0; index < 4; index += 1) {
        await addArticle(db, seeded, { slug: `scheduled-${round}-${index}`, headline: `Scheduled ${round} ${index}`, status: 'scheduled', publishedAt: new Date(scheduledAt.getTime() + index * 400) }, now);
      }

      const server = await startServer();
      // Each reader reads one article after another, so reads are still being recorded when the kill comes.
      let acknowledgedSoFar = 0;
      const reads = readers.map(async (reader) => {
        const outcomes = [];
        for (const slug of metered) {
          const isAcknowledged = await acknowledged(`${url}/world/${slug}`, { headers: { cookie: reader.cookie } }, (response, body) => response.status === 200 && body.includes('Three paragraphs.'));
          if (isAcknowledged) acknowledgedSoFar += 1;
          outcomes.push({ reader, slug, isAcknowledged });
        }
        return outcomes;
      });
      const deliveries = Array.from({ length: 6 }, (_, index) => subscriptionCreatedDelivery({ key: `crash_${round}_${index}`, checkoutId: `chk_crash_${round}_${index}`, now, webhookSecret }));
      const webhooks = deliveries.map(async (delivery, index) => ({
        index,
        isAcknowledged: await acknowledged(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature }, body: delivery.payload }, (response) => response.status === 200),
      }));
      // Somewhere in the middle of it all: once reads are being acknowledged, at a random moment while
      // more are recorded, webhooks handled and articles published.
      while (acknowledgedSoFar < 20) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 800)));
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.once('exit', resolve));
      const readOutcomes = (await Promise.all(reads)).flat();
      const webhookOutcomes = await Promise.all(webhooks);

      const acknowledgedReads = readOutcomes.filter((outcome) => outcome.isAcknowledged).length;
      assert.ok(acknowledgedReads > 0, 'some reads were acknowledged before the kill');
      readsInFlight += readOutcomes.length - acknowledgedReads;

      const restarted = await startServer();
      // Every acknowledged read is on the reader's meter.
      for (const { reader, slug, isAcknowledged } of readOutcomes.filter((outcome) => outcome.isAcknowledged)) {
        const recorded = await db
          .selectFrom('meter_reads as m')
          .innerJoin('articles as a', 'a.id', 'm.article_id')
          .select('m.article_id')
          .where('m.account_id', '=', reader.accountId)
          .where('a.slug', '=', slug)
          .executeTakeFirst();
        assert.ok(isAcknowledged && recorded, `the acknowledged read of ${slug} by reader ${reader.accountId} was lost`);
        writesChecked += 1;
      }
      // Stripe delivers again whatever was not acknowledged; every checkout then has exactly one subscription.
      for (const { index, isAcknowledged } of webhookOutcomes) {
        const delivery = deliveries[index];
        assert.ok(delivery);
        if (!isAcknowledged) {
          const retry = await fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature }, body: delivery.payload });
          assert.equal(retry.status, 200, 'a retried webhook completes');
        }
        const buyerId = buyers[index];
        assert.ok(buyerId !== undefined);
        const subscriptions = await db.selectFrom('subscriptions').select('id').where('account_id', '=', buyerId).execute();
        assert.equal(subscriptions.length, 1, `checkout ${index} of round ${round} has exactly one subscription`);
        const events = await db.selectFrom('payment_events').select('event_id').where('event_id', '=', `evt_crash_${round}_${index}`).execute();
        assert.equal(events.length, 1, 'the event is recorded once');
        writesChecked += 1;
      }
      // A scheduled article is published with its audit entry, or not at all.
      for (let index = 0; index < 4; index += 1) {
        const article = await db.selectFrom('articles').select(['status', 'headline']).where('slug', '=', `scheduled-${round}-${index}`).executeTakeFirstOrThrow();
        const audited = await db.selectFrom('audit_log').select('action').where('action', '=', 'published (scheduled)').where('subject', '=', `“${article.headline}”`).execute();
        assert.equal(audited.length, article.status === 'published' ? 1 : 0, `scheduled article ${index} of round ${round} is whole`);
        writesChecked += 1;
      }
      if (database.dialect === 'sqlite') {
        const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
        assert.equal(rows[0]?.integrity_check, 'ok', 'SQLite finds its file whole');
      }
      restarted.child.kill('SIGTERM');
      await new Promise((resolve) => restarted.child.once('exit', resolve));
    }
    await database.close();
    recordFigure('Crash safety', 'kill -9 rounds survived', rounds);
    recordFigure('Crash safety', 'acknowledged writes checked', writesChecked);
    recordFigure('Crash safety', 'requests cut off by the kill', readsInFlight);
    assert.ok(writesChecked > 0);
  });
});

