import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { insertAccount } from './account-repository.ts';
import { loadReaderMeter, mergeAnonymousReads, recordMeteredRead } from './reader-meter.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);
const articleIds: number[] = [];
for (let index = 0; index < 20; index += 1) articleIds.push(await addArticle(db, seeded, { slug: `story-${index}` }, now));
let emailCounter = 0;
const newReader = () => insertAccount(db, { email: `reader${++emailCounter}@example.org`, name: 'R', passwordHash: null, role: 'reader', now });

describe(`a registered reader's meter (${dialect})`, () => {
  it('records reads up to the limit and no further', async () => {
    const accountId = await newReader();
    const results = [];
    for (const articleId of articleIds.slice(0, 4)) {
      results.push(await recordMeteredRead(db, dialect, { accountId, period: '2026-11', articleId, limit: 3, now }));
    }
    assert.deepEqual(results, [true, true, true, false]);
    assert.deepEqual(
      (await loadReaderMeter(db, accountId, '2026-11')).articleIds,
      articleIds.slice(0, 3).sort((a, b) => a - b),
    );
  });

  it('keeps each month apart', async () => {
    const accountId = await newReader();
    const [first = 0] = articleIds;
    assert.equal(await recordMeteredRead(db, dialect, { accountId, period: '2026-10', articleId: first, limit: 1, now }), true);
    assert.equal(await recordMeteredRead(db, dialect, { accountId, period: '2026-11', articleId: first, limit: 1, now }), true);
    assert.deepEqual(await loadReaderMeter(db, accountId, '2026-12'), { period: '2026-12', articleIds: [] });
  });

  it('grants exactly the limit to 50 parallel reads of 20 different articles', async () => {
    const accountId = await newReader();
    const reads = Array.from({ length: 50 }, (_, index) => articleIds[index % 20] ?? 0);
    const granted = await Promise.all(reads.map((articleId) => recordMeteredRead(db, dialect, { accountId, period: '2026-11', articleId, limit: 10, now })));
    assert.equal(granted.filter(Boolean).length, 10);
    assert.equal((await loadReaderMeter(db, accountId, '2026-11')).articleIds.length, 10);
  });

  it("takes in an anonymous cookie's reads at login, up to the limit, skipping articles that are gone", async () => {
    const accountId = await newReader();
    const [a = 0, b = 0, c = 0] = articleIds;
    await recordMeteredRead(db, dialect, { accountId, period: '2026-11', articleId: a, limit: 10, now });
    await mergeAnonymousReads(db, dialect, { accountId, meter: { period: '2026-11', articleIds: [a, b, c, 999_999] }, limit: 10, now });
    assert.deepEqual(
      (await loadReaderMeter(db, accountId, '2026-11')).articleIds,
      [a, b, c].sort((x, y) => x - y),
    );
  });
});
