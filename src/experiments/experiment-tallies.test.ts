import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import type { InsightEvent } from '../insights/insight-event.ts';
import type { ReaderName } from '../insights/reader-key.ts';
import { createTestLedger } from '../../test/insights.ts';
import { tallyExperiment } from './experiment-tallies.ts';

const database = await openTestDatabase();
const { db, dialect } = database;
const experimentId = 42;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));
const article = { id: 1, sectionId: 1, authorId: null };

const exposure = (reader: ReaderName, variant: string, minute: number): InsightEvent => ({
  kind: 'experiment-exposure',
  experiment: { id: experimentId, variant },
  article,
  reader,
  at: at(minute),
});
const read = (reader: ReaderName, minute: number): InsightEvent => ({ kind: 'article-read', access: 'metered-counted', article, reader, at: at(minute) });
const money = { amountMinor: 1500, currency: 'USD' };

const events: InsightEvent[] = [
  // Variant A. An anonymous reader who registers (their account is "account:1") and then pays.
  exposure('visitor:anon-1', 'a', 0),
  { kind: 'registered', anonymousReader: 'visitor:anon-1', reader: 'account:1', at: at(5) },
  read('account:1', 6),
  { kind: 'subscription-started', isTrial: false, ...money, reader: 'account:1', at: at(7) },
  // One who read before being exposed (not counted) and twice after, and never converts.
  read('visitor:anon-2', 1),
  exposure('visitor:anon-2', 'a', 2),
  read('visitor:anon-2', 3),
  read('visitor:anon-2', 4),
  // A registered reader whose trial counts for "paid" only once it converts.
  exposure('account:3', 'a', 0),
  { kind: 'subscription-started', isTrial: true, amountMinor: 0, currency: 'USD', reader: 'account:3', at: at(1) },
  { kind: 'trial-converted', ...money, reader: 'account:3', at: at(20) },
  // Variant B. Exposed twice, counted once; they paid before the experiment met them.
  { kind: 'subscription-started', isTrial: false, ...money, reader: 'account:4', at: at(0) },
  exposure('account:4', 'b', 1),
  exposure('account:4', 'b', 2),
  // Three reads after exposure; and a trial that never converts.
  exposure('visitor:anon-5', 'b', 0),
  read('visitor:anon-5', 1),
  read('visitor:anon-5', 2),
  read('visitor:anon-5', 3),
  // Another experiment's exposure and a reader with no key: neither counts here.
  { ...exposure('visitor:anon-6', 'a', 0), experiment: { id: 43, variant: 'a' } },
  { ...exposure('visitor:anon-7', 'a', 0), reader: null },
];
const ledger = createTestLedger({ db, dialect });
for (const event of events) ledger.record(event);
await ledger.close();

describe(`an experiment's tallies from the ledger (${dialect})`, () => {
  it('counts readers once each, conversions to paid after exposure (a trial once converted), and articles read after exposure', async () => {
    assert.deepEqual(await tallyExperiment(db, { experimentId, metric: 'paid' }), [
      { variant: 'a', readers: 3, conversions: 2, articlesRead: 3 },
      { variant: 'b', readers: 2, conversions: 0, articlesRead: 3 },
    ]);
  });

  it('counts a registration, followed from the anonymous key to the account', async () => {
    assert.deepEqual(await tallyExperiment(db, { experimentId, metric: 'registered' }), [
      { variant: 'a', readers: 3, conversions: 1, articlesRead: 3 },
      { variant: 'b', readers: 2, conversions: 0, articlesRead: 3 },
    ]);
  });

  it('stops counting when the experiment ends', async () => {
    assert.deepEqual(await tallyExperiment(db, { experimentId, metric: 'paid', endedAt: at(7) }), [
      { variant: 'a', readers: 3, conversions: 0, articlesRead: 3 },
      { variant: 'b', readers: 2, conversions: 0, articlesRead: 3 },
    ]);
    assert.deepEqual(await tallyExperiment(db, { experimentId, metric: 'paid', endedAt: at(3) }), [
      { variant: 'a', readers: 3, conversions: 0, articlesRead: 0 },
      { variant: 'b', readers: 2, conversions: 0, articlesRead: 2 },
    ]);
  });

  it('has nothing to say about an experiment nobody met', async () => {
    assert.deepEqual(await tallyExperiment(db, { experimentId: 99, metric: 'paid' }), []);
  });
});
