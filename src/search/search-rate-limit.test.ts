import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { countSearch, searchRateLimits, tooManySearchesMessage } from './search-rate-limit.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-11-20T12:00:20Z');

describe(`counting searches (${dialect})`, () => {
  it('allows the configured number a minute per address, then says when to try again', async () => {
    const anonymous = { reader: { kind: 'anonymous' as const }, address: '192.0.2.1' };
    for (let search = 0; search < 3; search += 1) assert.equal(await countSearch(db, anonymous, { searchesPerMinute: 3, now }), null);
    assert.deepEqual(await countSearch(db, anonymous, { searchesPerMinute: 3, now }), { isAllowed: false, retryAfterSeconds: 40 });
    assert.equal(await countSearch(db, anonymous, { searchesPerMinute: 3, now: new Date('2026-11-20T12:01:00Z') }), null, 'a new minute, a new allowance');
  });

  it('counts a signed-in reader wherever they search from', async () => {
    const reader = { kind: 'subscriber' as const, readerId: 7, tiers: [] };
    for (let search = 0; search < 3; search += 1)
      assert.equal(await countSearch(db, { reader, address: `192.0.2.${10 + search}` }, { searchesPerMinute: 3, now }), null);
    assert.notEqual(await countSearch(db, { reader, address: '192.0.2.20' }, { searchesPerMinute: 3, now }), null);
  });

  it('names per-address and per-reader limits of a minute each', () => {
    assert.deepEqual(searchRateLimits(60), {
      perAddress: { name: 'search:ip', limit: 60, windowMs: 60_000 },
      perReader: { name: 'search:reader', limit: 60, windowMs: 60_000 },
    });
  });

  it('tells the reader how long to wait', () => {
    assert.equal(tooManySearchesMessage(1), 'Too many searches in a short time. Please wait 1 second and try again.');
    assert.equal(tooManySearchesMessage(42), 'Too many searches in a short time. Please wait 42 seconds and try again.');
  });
});
