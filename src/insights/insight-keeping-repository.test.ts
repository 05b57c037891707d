import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { createTestLedger } from '../../test/insights.ts';
import { deleteExpiredInsightEvents, writeInsightKeeping } from './insight-keeping-repository.ts';

const now = new Date('2026-12-02T12:00:00Z');
const day = 86_400_000;
const database = await openTestDatabase();
const { db, dialect } = database;

describe(`the job that deletes insight events past their keeping (${dialect})`, () => {
  it('deletes what is older than the days kept, and nothing newer', async () => {
    await writeInsightKeeping(db, { keepDays: 30 }, now);
    const ledger = createTestLedger({ db, dialect });
    const ages = [400, 31, 30.01, 29.99, 1];
    for (const [offerId, daysAgo] of ages.entries()) ledger.record({ kind: 'offer-shown', offerId, at: new Date(now.getTime() - daysAgo * day), reader: null });
    await ledger.close();
    assert.equal(await deleteExpiredInsightEvents(db, now), 3);
    const left = await db.selectFrom('insight_events').select('offer_id').orderBy('offer_id').execute();
    assert.deepEqual(
      left.map((row) => row.offer_id),
      [3, 4],
    );
    assert.equal(await deleteExpiredInsightEvents(db, now), 0);
  });
});
