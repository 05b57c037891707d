import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countReaders, decodeSketch, encodeSketch, exactReadersAtMost, MalformedSketchError, mergeSketches, sketchReaders } from './reader-sketch.ts';

const keys = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('counting distinct readers across days', () => {
  it('counts a small day exactly, however often a reader came back', () => {
    const sketch = sketchReaders(['ana', 'ben', 'ana', 'cy', 'ben']);
    assert.equal(sketch.kind, 'exact');
    assert.equal(countReaders(sketch), 3);
    assert.equal(countReaders(sketchReaders([])), 0);
  });

  it('counts a reader seen on two days once when the days are merged', () => {
    const monday = sketchReaders(['ana', 'ben']);
    const tuesday = sketchReaders(['ben', 'cy']);
    assert.equal(countReaders(mergeSketches([monday, tuesday])), 3);
    assert.equal(countReaders(mergeSketches([])), 0);
  });

  it('stays exact up to its limit and estimates past it', () => {
    assert.equal(sketchReaders(keys('r', exactReadersAtMost)).kind, 'exact');
    assert.equal(sketchReaders(keys('r', exactReadersAtMost + 1)).kind, 'estimated');
    assert.equal(countReaders(mergeSketches([sketchReaders(keys('a', 200)), sketchReaders(keys('b', 56))])), 256);
    assert.equal(mergeSketches([sketchReaders(keys('a', 200)), sketchReaders(keys('b', 57))]).kind, 'estimated');
  });

  it('estimates large counts within 5 %, merging exact and estimated days alike', () => {
    for (const count of [300, 2_000, 20_000, 200_000]) {
      const estimate = countReaders(sketchReaders(keys('reader', count)));
      assert.ok(Math.abs(estimate - count) / count < 0.05, `${estimate} for ${count}`);
    }
    // 30 days of 5,000 readers, 3,000 of whom come back every day, and a small day of new ones.
    const days = Array.from({ length: 30 }, (_, day) => sketchReaders([...keys('regular', 3_000), ...keys(`day${day}`, 2_000)]));
    const merged = mergeSketches([...days, sketchReaders(keys('small', 100))]);
    const truth = 3_000 + 30 * 2_000 + 100;
    assert.ok(Math.abs(countReaders(merged) - truth) / truth < 0.05, `${countReaders(merged)} for ${truth}`);
  });

  it('is kept as text and read back unchanged, in both of its forms', () => {
    for (const sketch of [sketchReaders(keys('x', 10)), sketchReaders(keys('y', 5_000)), sketchReaders([])]) {
      const again = decodeSketch(encodeSketch(sketch));
      assert.equal(countReaders(again), countReaders(sketch));
      assert.equal(encodeSketch(again), encodeSketch(sketch));
    }
  });

  it('refuses text that is not a sketch', () => {
    for (const text of ['', 'x:abc', 'x:zzzzzzzzzzzzzzzz', 'h:AAAA', `h:${Buffer.alloc(4096, 40).toString('base64')}`, 'q:0000000000000000']) {
      assert.throws(() => decodeSketch(text), MalformedSketchError, text);
    }
  });
});
