import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyComposerMove, parseChosenArticles, parseComposerMove } from './composer.ts';

describe('the digest composer’s chosen articles', () => {
  it('reads the ordered list, dropping what is not an id and repeats', () => {
    assert.deepEqual(parseChosenArticles('12, 7,30'), [12, 7, 30]);
    assert.deepEqual(parseChosenArticles('12,,x,7,12,-3,1e3'), [12, 7]);
    assert.deepEqual(parseChosenArticles(''), []);
    assert.equal(parseChosenArticles(Array.from({ length: 40 }, (_, index) => index + 1).join(',')).length, 30);
  });

  it('reads a button’s move, and nothing else', () => {
    assert.deepEqual(parseComposerMove('add:12'), { kind: 'add', articleId: 12 });
    assert.deepEqual(parseComposerMove('down:7'), { kind: 'down', articleId: 7 });
    assert.equal(parseComposerMove('save'), null);
    assert.equal(parseComposerMove('add:'), null);
    assert.equal(parseComposerMove('delete:1'), null);
  });

  it('adds an article last, once', () => {
    assert.deepEqual(applyComposerMove([1, 2], { kind: 'add', articleId: 3 }), [1, 2, 3]);
    assert.deepEqual(applyComposerMove([1, 2], { kind: 'add', articleId: 1 }), [1, 2]);
    const full = Array.from({ length: 30 }, (_, index) => index + 1);
    assert.deepEqual(applyComposerMove(full, { kind: 'add', articleId: 99 }), full);
  });

  it('moves an article one place, never past either end', () => {
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'up', articleId: 3 }), [1, 3, 2]);
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'down', articleId: 1 }), [2, 1, 3]);
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'up', articleId: 1 }), [1, 2, 3]);
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'down', articleId: 3 }), [1, 2, 3]);
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'up', articleId: 9 }), [1, 2, 3]);
  });

  it('removes an article, and ignores one not chosen', () => {
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'remove', articleId: 2 }), [1, 3]);
    assert.deepEqual(applyComposerMove([1, 2, 3], { kind: 'remove', articleId: 9 }), [1, 2, 3]);
  });
});
