import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPageCache } from './page-cache.ts';

describe('the page cache', () => {
  it('keeps the most recently used entries up to its size', () => {
    const cache = createPageCache<string>({ maxEntries: 2 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    assert.equal(cache.get('a'), 'A');
    cache.set('c', 'C');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 'A');
    assert.equal(cache.get('c'), 'C');
  });

  it('keeps within its budget of bytes, however many entries that allows', () => {
    const cache = createPageCache<string>({ maxEntries: 100, maxBytes: 10, sizeOf: (value) => value.length });
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    cache.set('c', 'cccc');
    assert.deepEqual(
      ['a', 'b', 'c'].map((key) => cache.get(key)),
      [undefined, 'bbbb', 'cccc'],
    );
    cache.set('huge', 'x'.repeat(11));
    assert.equal(cache.get('huge'), undefined, 'a page larger than the whole budget is not kept');
    assert.equal(cache.get('c'), 'cccc');
  });

  it('keeps nothing when it may hold no entries', () => {
    const cache = createPageCache<string>({ maxEntries: 0 });
    cache.set('a', 'A');
    assert.equal(cache.get('a'), undefined);
  });
});
