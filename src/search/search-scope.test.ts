import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchScopeOf } from './search-scope.ts';

describe("what a reader's search may match", () => {
  it('is the whole text for staff, entitled subscribers and verified crawlers, who read everything', () => {
    assert.equal(searchScopeOf({ kind: 'staff', readerId: 1 }, []), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'subscriber', readerId: 2, tiers: [] }, []), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'verified-crawler' }, []), 'whole-text');
  });

  it('is the open text only for anonymous, registered and lapsed readers', () => {
    for (const tiers of [[], ['premium']]) {
      assert.equal(searchScopeOf({ kind: 'anonymous' }, tiers), 'open-text');
      assert.equal(searchScopeOf({ kind: 'registered', readerId: 3, lapsed: null }, tiers), 'open-text');
      assert.equal(searchScopeOf({ kind: 'registered', readerId: 4, lapsed: 'trial' }, tiers), 'open-text');
      assert.equal(searchScopeOf({ kind: 'registered', readerId: 5, lapsed: 'subscription' }, tiers), 'open-text');
    }
  });

  it('where the publication has tiers, is the whole text only for those holding every one of them', () => {
    const tiers = ['digital', 'premium'];
    assert.equal(searchScopeOf({ kind: 'subscriber', readerId: 6, tiers: ['digital'] }, tiers), 'open-text');
    assert.equal(searchScopeOf({ kind: 'subscriber', readerId: 7, tiers: ['digital', 'premium'] }, tiers), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'subscriber', readerId: 8, tiers: 'every-tier' }, tiers), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'staff', readerId: 9 }, tiers), 'whole-text');
    assert.equal(searchScopeOf({ kind: 'verified-crawler' }, tiers), 'whole-text');
  });
});
