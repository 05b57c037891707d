import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchScopeOf } from './search-scope.ts';

describe("what a reader's search may match", () => {
  it('is the whole text for staff, entitled subscribers and verified crawlers, who read everything', () => {
    assert.equal(searchScopeOf({ kind: 'staff', readerId: 1 }), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'subscriber', readerId: 2 }), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'verified-crawler' }), 'whole-text');
  });

  it('is the open text only for anonymous, registered and lapsed readers', () => {
    assert.equal(searchScopeOf({ kind: 'anonymous' }), 'open-text');
    assert.equal(searchScopeOf({ kind: 'registered', readerId: 3, lapsed: null }), 'open-text');
    assert.equal(searchScopeOf({ kind: 'registered', readerId: 4, lapsed: 'trial' }), 'open-text');
    assert.equal(searchScopeOf({ kind: 'registered', readerId: 5, lapsed: 'subscription' }), 'open-text');
  });
});
