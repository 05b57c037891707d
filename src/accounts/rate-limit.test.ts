import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { consumeRateLimit } from './rate-limit.ts';

const { db, dialect } = await openTestDatabase();
const rule = { name: 'test', limit: 3, windowMs: 60_000 };
const start = new Date('2026-11-20T12:00:00Z');

describe(`the shared rate limiter (${dialect})`, () => {
  it('allows the limit in a window, refuses the next, and says when to come back', async () => {
    const results = [];
    for (let attempt = 0; attempt < 4; attempt += 1) results.push(await consumeRateLimit(db, rule, '203.0.113.9', new Date(start.getTime() + 10_000)));
    assert.deepEqual(
      results.map((result) => result.isAllowed),
      [true, true, true, false],
    );
    assert.equal(results[3]?.retryAfterSeconds, 50);
  });

  it('starts afresh in the next window and counts each subject apart', async () => {
    assert.equal((await consumeRateLimit(db, rule, '203.0.113.9', new Date(start.getTime() + 61_000))).isAllowed, true);
    assert.equal((await consumeRateLimit(db, rule, '198.51.100.4', new Date(start.getTime() + 10_000))).isAllowed, true);
  });

  it('counts every one of many parallel attempts', async () => {
    const at = new Date(start.getTime() + 120_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(db, rule, 'parallel', at)));
    assert.equal(results.filter((result) => result.isAllowed).length, 3);
  });
});
