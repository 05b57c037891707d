import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { bumpContentVersion, cacheEpoch, createContentVersionSource, readContentVersion } from './content-version.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();

describe(`the content version (${dialect})`, () => {
  it('rises by one with every change', async () => {
    const before = await readContentVersion(db);
    await bumpContentVersion(db, now);
    await bumpContentVersion(db, now);
    assert.equal(await readContentVersion(db), before + 2);
  });

  it('is read at most once per interval by an instance, and at once after that instance forgets it', async () => {
    let clock = 0;
    const source = createContentVersionSource(db, { maxAgeMs: 1_000, clock: () => clock });
    const first = await source.current();
    await bumpContentVersion(db, now);
    clock = 999;
    assert.equal(await source.current(), first, 'a change through another instance waits for the interval');
    clock = 1_000;
    assert.equal(await source.current(), first + 1);
    await bumpContentVersion(db, now);
    source.forget();
    assert.equal(await source.current(), first + 2, 'a change through this instance is seen at once');
  });

  it('is read on every request when the interval is zero', async () => {
    const source = createContentVersionSource(db, { maxAgeMs: 0, clock: () => 0 });
    const first = await source.current();
    await bumpContentVersion(db, now);
    assert.equal(await source.current(), first + 1);
  });

  it('moves caches to new keys when content changes or a minute passes', () => {
    const now = new Date('2026-11-20T12:00:30Z');
    assert.equal(cacheEpoch(4, now), cacheEpoch(4, new Date('2026-11-20T12:00:59Z')));
    assert.notEqual(cacheEpoch(4, now), cacheEpoch(5, now));
    assert.notEqual(cacheEpoch(4, now), cacheEpoch(4, new Date('2026-11-20T12:01:00Z')));
  });
});
