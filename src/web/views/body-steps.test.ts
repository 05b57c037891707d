import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setDateline } from './body-steps.ts';

describe('the dateline', () => {
  it('opens the first paragraph in capitals', () => {
    assert.deepEqual(setDateline(['<h2>Intro</h2>', '<p>The talks began.</p>', '<p>Then</p>'], 'Geneva'), [
      '<h2>Intro</h2>',
      '<p><span class="dateline">GENEVA</span> — The talks began.</p>',
      '<p>Then</p>',
    ]);
  });

  it('is escaped like any other text', () => {
    assert.equal(setDateline(['<p>x</p>'], '<b>Oslo</b>')[0], '<p><span class="dateline">&#60;B&#62;OSLO&#60;/B&#62;</span> — x</p>');
  });

  it('leaves a body without a dateline or without paragraphs as it is', () => {
    assert.deepEqual(setDateline(['<p>x</p>'], '  '), ['<p>x</p>']);
    assert.deepEqual(setDateline(['<ul><li>x</li></ul>'], 'Oslo'), ['<ul><li>x</li></ul>']);
  });
});
