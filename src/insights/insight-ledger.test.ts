import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp } from '../../test/app.ts';
import { browserSession } from '../../test/browser-session.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createTestLedger } from '../../test/insights.ts';
import { registerThroughSite } from '../../test/readers.ts';
import { meterCookieName } from '../access/meter-cookie.ts';
import { registerReader } from '../accounts/register.ts';
import { findOpenCheckout, startCheckout } from '../commerce/checkout.ts';
import type { CommerceContext } from '../commerce/commerce-context.ts';
import { runSubscriptionJobs } from '../commerce/subscription-jobs.ts';
import { recordSubscriptionStart } from '../commerce/subscription-insights.ts';
import { payTestCheckout } from '../commerce/test-mode/pay-test-checkout.ts';
import { createTestPaymentProvider } from '../commerce/test-mode/test-provider.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { createMailer } from '../mail/mailer.ts';
import type { InsightEventKind } from './insight-event.ts';
import { createInsightLedger } from './insight-ledger.ts';
import { deriveReaderKeys } from './reader-key.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
for (let index = 1; index <= 4; index += 1) await addArticle(db, seeded, { slug: `metered-${index}`, section: index % 2 ? 'world' : 'culture' }, now);
await addArticle(db, seeded, { slug: 'free-story', access: 'free', authors: ['critic'] }, now);

// A second instance has a connection of its own to the same database.
async function secondConnection(): Promise<Database> {
  if (!process.env.TEST_DATABASE_URL) return db;
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema ?? 'public';
  const other = await openDatabase({ kind: 'postgres', url: process.env.TEST_DATABASE_URL }, { schema });
  after(() => other.close());
  return other.db;
}
const otherDb = await secondConnection();

type EventRow = { kind: string; reader_key: string | null; linked_key: string | null; detail: string | null; article_id: number | null; source: string | null };
const eventsOf = (kinds: InsightEventKind[]): Promise<EventRow[]> =>
  db
    .selectFrom('insight_events')
    .select(['kind', 'reader_key', 'linked_key', 'detail', 'article_id', 'source'])
    .where('kind', 'in', kinds)
    .orderBy('occurred_at')
    .orderBy('kind')
    .execute();
const clearEvents = () => db.deleteFrom('insight_events').execute();
const visitorIdOf = (cookie: string | undefined) => cookie?.split('.')[3];

describe(`the insights ledger (${dialect})`, () => {
  it('writes an event that two instances both record, by its once key, once; events without one are each their own', async () => {
    await clearEvents();
    const ledgers = [createTestLedger({ db, dialect }), createTestLedger({ db: otherDb, dialect })];
    for (const ledger of ledgers) {
      ledger.record({ kind: 'checkout-started', offerId: 1, planId: 1, at: now, reader: 'account:1', onceKey: 'checkout-abc' });
      ledger.record({ kind: 'offer-shown', offerId: 1, planId: 1, at: now, reader: 'account:1' });
    }
    await Promise.all(ledgers.map((ledger) => ledger.close()));
    assert.equal((await eventsOf(['checkout-started'])).length, 1);
    assert.equal((await eventsOf(['offer-shown'])).length, 2);
  });

  it('keeps what the database refused for the next second, and past its limit drops the oldest, saying how many', async () => {
    await clearEvents();
    const refusals: number[] = [];
    const dropped: number[] = [];
    const ledger = createInsightLedger({
      db,
      dialect,
      keys: deriveReaderKeys('a-test-secret-that-is-long-enough-for-the-ledger'),
      problems: { onWriteFailed: (_error, buffered) => refusals.push(buffered), onDropped: (count) => dropped.push(count) },
      maxBuffered: 3,
    });
    await sql`alter table insight_events rename to insight_events_away`.execute(db);
    for (const offerId of [1, 2]) ledger.record({ kind: 'offer-shown', offerId, at: now, reader: null });
    await ledger.flush();
    for (const offerId of [3, 4]) ledger.record({ kind: 'offer-shown', offerId, at: now, reader: null });
    await sql`alter table insight_events_away rename to insight_events`.execute(db);
    await ledger.close();
    assert.deepEqual(refusals, [2]);
    assert.deepEqual(dropped, [1]);
    const written = await db.selectFrom('insight_events').select('offer_id').orderBy('offer_id').execute();
    assert.deepEqual(
      written.map((row) => row.offer_id),
      [2, 3, 4],
    );
  });

  it('hands a full buffer over at once, but while the database refuses leaves the retrying to the timer', async () => {
    const writes: number[] = [];
    let isRefusing = true;
    const ledger = createInsightLedger({
      db,
      dialect,
      keys: deriveReaderKeys('a-test-secret-that-is-long-enough-for-the-ledger'),
      problems: { onWriteFailed: () => {}, onDropped: () => {} },
      writer: {
        rowsPerWrite: 1_000,
        write: async (rows) => {
          writes.push(rows.length);
          if (isRefusing) throw new Error('refused');
        },
        close: async () => {},
      },
      rowsPerHandOver: 10,
    });
    for (let offerId = 1; offerId <= 100; offerId += 1) {
      ledger.record({ kind: 'offer-shown', offerId, at: now, reader: null });
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(writes, [10], 'one try at the hand-over size, then none until the timer');
    isRefusing = false;
    await ledger.flush();
    for (let offerId = 101; offerId <= 110; offerId += 1) ledger.record({ kind: 'offer-shown', offerId, at: now, reader: null });
    await new Promise((resolve) => setImmediate(resolve));
    await ledger.close();
    assert.deepEqual(writes, [10, 100, 10], 'once written again, a full buffer goes at once');
  });

  it('records each read once, served by two instances in turn, under the one key the meter cookie keeps for the browser', async () => {
    await clearEvents();
    // A second passes between requests, so the events come back in the order they happened.
    let seconds = 0;
    const clock = () => new Date(now.getTime() + 1_000 * seconds++);
    const apps = [await buildTestApp(database, { now: clock }), await buildTestApp(database, { now: clock })];
    let turn = 0;
    let meterCookie: string | null = null;
    const visitorIds: (string | undefined)[] = [];
    // Every request goes to the other instance, as behind a load balancer, with the cookie the browser keeps.
    const read = async (url: string, headers: Record<string, string> = {}) => {
      const app = apps[turn++ % 2];
      assert.ok(app);
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { ...headers, ...(meterCookie ? { cookie: `${meterCookieName}=${meterCookie}` } : {}) },
      });
      const cookie = new RegExp(`${meterCookieName}=([^;]+)`).exec(String(response.headers['set-cookie'] ?? ''))?.[1];
      if (cookie !== undefined) {
        meterCookie = cookie;
        visitorIds.push(visitorIdOf(cookie));
      }
      return response;
    };
    await read('/world/free-story');
    await read('/world/metered-1', { referer: 'https://www.google.com/' });
    await read('/culture/metered-2?utm_medium=email&utm_campaign=morning');
    await read('/world/metered-1');
    await read('/world/metered-3');
    await read('/culture/metered-4');
    await Promise.all(apps.map((app) => app.close()));

    assert.equal(visitorIds.length, 3, 'a cookie for each counted read');
    assert.equal(new Set(visitorIds).size, 1, 'the browser keeps its visitor id from its first counted read');
    const reads = await eventsOf(['article-read']);
    assert.deepEqual(
      reads.map(({ detail, source }) => [detail, source]),
      [
        ['free', 'direct'],
        ['metered-counted', 'search'],
        ['metered-counted', 'newsletter'],
        ['re-read', 'direct'],
        ['metered-counted', 'direct'],
      ],
    );
    assert.equal(reads[0]?.reader_key, null, 'a browser without a cookie is nobody, rather than someone new on each read');
    const keys = new Set(reads.slice(1).map((row) => row.reader_key));
    assert.equal(keys.size, 1);
    assert.match([...keys][0] ?? '', /^v\./);
    const walls = await eventsOf(['wall-shown']);
    const offers = await eventsOf(['offer-shown']);
    assert.deepEqual(
      walls.map((row) => row.detail),
      ['meter-exhausted'],
    );
    assert.ok(offers.length > 0, 'the offers on the wall');
    assert.ok([...walls, ...offers].every((row) => row.reader_key === [...keys][0] && row.article_id !== null));
  });

  it("links a registration to what the browser read before, under the account's key", async () => {
    await clearEvents();
    const app = await buildTestApp(database, { now: () => now });
    const browser = browserSession(app);
    await browser.get('/world/metered-1');
    await registerThroughSite(browser, database.dataDir, { email: 'ledger-reader@example.org', password: 'a long passphrase' });
    await app.close();
    const [anonymousRead] = await eventsOf(['article-read']);
    const [registered] = await eventsOf(['registered']);
    assert.ok(anonymousRead?.reader_key?.startsWith('v.'));
    assert.equal(registered?.linked_key, anonymousRead?.reader_key);
    assert.match(registered?.reader_key ?? '', /^a\./);
  });

  it("records a subscription's start and moves once, whichever instances record them", async () => {
    await clearEvents();
    const outbox = path.join(mkdtempSync(path.join(tmpdir(), 'dateline-ledger-')), 'outbox');
    const contextOf = (handle: Database): CommerceContext => ({
      db: handle,
      dialect,
      provider: createTestPaymentProvider(),
      mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: outbox }),
      publicUrl: new URL('https://news.example/'),
      insights: createTestLedger({ db: handle, dialect }),
    });
    const [first, second] = [contextOf(db), contextOf(otherDb)];
    assert.ok(first && second);
    const account = await registerReader(db, { email: 'trialist@example.org', name: '', password: 'a long passphrase' }, now);
    const { redirectUrl } = await startCheckout(first, { account, offerSlug: 'trial', now });
    const checkout = await findOpenCheckout(db, { checkoutId: redirectUrl.split('/').at(-1) ?? '', accountId: account.id });
    assert.ok(checkout);
    const paid = await payTestCheckout(first, { checkout, cardNumber: '4242424242424242', expiry: { month: 12, year: 2030 }, now });
    assert.equal(paid.kind, 'paid');
    // The provider's event and the reader's return both tell of the same start.
    if (paid.kind === 'paid') await recordSubscriptionStart(second.insights, otherDb, { subscriptionId: paid.subscriptionId, at: now });
    const trialEnd = new Date(now.getTime() + 14.1 * 86_400_000);
    await Promise.all([runSubscriptionJobs(first, trialEnd), runSubscriptionJobs(second, trialEnd)]);
    await Promise.all([first.insights.close(), second.insights.close()]);

    const kinds = (await eventsOf(['checkout-started', 'subscription-started', 'trial-converted', 'resubscribed'])).map((row) => row.kind);
    assert.deepEqual(kinds.sort(), ['checkout-started', 'subscription-started', 'trial-converted']);
    const rows = await db
      .selectFrom('insight_events')
      .select(['reader_key', 'plan_id', 'offer_id', 'amount_minor'])
      .where('kind', '=', 'trial-converted')
      .execute();
    assert.equal(rows[0]?.amount_minor, 1500);
    assert.ok(rows[0]?.offer_id !== null && rows[0]?.plan_id !== null);
  });
});
