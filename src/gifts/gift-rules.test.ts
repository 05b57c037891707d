import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  giftReopenWindowMs,
  giftsLeftOf,
  giverNameOf,
  isOpenedLately,
  judgeGiftLink,
  parseOpenedGifts,
  withOpenedGift,
  type StoredGift,
} from './gift-rules.ts';

const now = new Date('2026-11-20T12:00:00Z');
const later = new Date('2026-12-20T12:00:00Z');
const earlier = new Date('2026-11-19T12:00:00Z');
const claim = { token: 'g1.x', expiresAt: later };
const stored: StoredGift = { articleId: 42, expiresAt: later, revokedAt: null, opensCount: 3, maxOpens: 25 };
const judge = (overrides: Partial<Parameters<typeof judgeGiftLink>[0]>) => judgeGiftLink({ claim, stored, articleId: 42, now, ...overrides });

describe('judging a gift link', () => {
  it('opens its own article while it has opens left, is not revoked and has not expired', () => {
    assert.deepEqual(judge({}), { kind: 'open' });
    assert.deepEqual(judge({ stored: { ...stored, opensCount: 24 } }), { kind: 'open' });
  });

  it("calls a token that did not verify (tampered, malformed, another article's) not valid", () => {
    assert.deepEqual(judge({ claim: null }), { kind: 'refused', reason: 'invalid' });
    assert.deepEqual(judge({ claim: null, stored: null }), { kind: 'refused', reason: 'invalid' });
  });

  it('calls a signed token the database does not know not valid, or expired once its signed expiry passed', () => {
    assert.deepEqual(judge({ stored: null }), { kind: 'refused', reason: 'invalid' });
    assert.deepEqual(judge({ stored: null, claim: { ...claim, expiresAt: earlier } }), { kind: 'refused', reason: 'expired' });
  });

  it('calls a row of another article not valid', () => {
    assert.deepEqual(judge({ stored: { ...stored, articleId: 43 } }), { kind: 'refused', reason: 'invalid' });
  });

  it('says a revoked link was revoked, even when it has also expired or been used up', () => {
    assert.deepEqual(judge({ stored: { ...stored, revokedAt: earlier } }), { kind: 'refused', reason: 'revoked' });
    assert.deepEqual(judge({ stored: { ...stored, revokedAt: earlier, expiresAt: earlier, opensCount: 25 } }), { kind: 'refused', reason: 'revoked' });
  });

  it('says an expired link expired, from its expiry to the end of time, before counting its opens', () => {
    assert.deepEqual(judge({ stored: { ...stored, expiresAt: now } }), { kind: 'refused', reason: 'expired' });
    assert.deepEqual(judge({ now: later }), { kind: 'refused', reason: 'expired' });
    assert.deepEqual(judge({ stored: { ...stored, expiresAt: earlier, opensCount: 25 } }), { kind: 'refused', reason: 'expired' });
  });

  it('says a link opened as often as it allows is used up, except to a browser that opened it lately', () => {
    assert.deepEqual(judge({ stored: { ...stored, opensCount: 25 } }), { kind: 'refused', reason: 'used-up' });
    assert.deepEqual(judge({ stored: { ...stored, opensCount: 25 }, hasOpenedLately: true }), { kind: 'open' });
    assert.deepEqual(judge({ stored: { ...stored, opensCount: 25, revokedAt: earlier }, hasOpenedLately: true }), { kind: 'refused', reason: 'revoked' });
  });

  it('opens only when every condition holds', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 40, max: 44 }),
        fc.option(fc.integer({ min: -3, max: 3 })),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        (hasClaim, hasRow, rowArticle, revokedDays, expiryDays, opens, lately) => {
          const day = 86_400_000;
          const expiresAt = new Date(now.getTime() + expiryDays * day);
          const row = {
            articleId: rowArticle,
            expiresAt,
            revokedAt: revokedDays === null ? null : new Date(now.getTime() + revokedDays * day),
            opensCount: opens,
            maxOpens: 25,
          };
          const verdict = judgeGiftLink({
            claim: hasClaim ? { token: 't', expiresAt } : null,
            stored: hasRow ? row : null,
            articleId: 42,
            now,
            hasOpenedLately: lately,
          });
          const shouldOpen = hasClaim && hasRow && rowArticle === 42 && revokedDays === null && expiryDays > 0 && (opens < 25 || lately);
          return (verdict.kind === 'open') === shouldOpen;
        },
      ),
    );
  });
});

describe('the giver, as the reader sees them', () => {
  it('is named by their first name only', () => {
    assert.equal(giverNameOf('Ana Lopes'), 'Ana');
    assert.equal(giverNameOf('  Jo  '), 'Jo');
  });

  it('is "a subscriber" without a name, and never an address', () => {
    assert.equal(giverNameOf(''), null);
    assert.equal(giverNameOf('   '), null);
    assert.equal(giverNameOf('ana@example.org'), null);
  });
});

describe('the monthly allowance', () => {
  it('counts down to nothing, never below', () => {
    assert.equal(giftsLeftOf({ given: 0, allowance: 10 }), 10);
    assert.equal(giftsLeftOf({ given: 9, allowance: 10 }), 1);
    assert.equal(giftsLeftOf({ given: 10, allowance: 10 }), 0);
    assert.equal(giftsLeftOf({ given: 12, allowance: 10 }), 0);
  });
});

describe('the gifts a browser opened lately', () => {
  it('remembers a gift for a day', () => {
    const value = withOpenedGift(new Map(), 7, now);
    assert.ok(isOpenedLately(parseOpenedGifts(value, now), 7));
    assert.ok(!isOpenedLately(parseOpenedGifts(value, now), 8));
    assert.ok(isOpenedLately(parseOpenedGifts(value, new Date(now.getTime() + giftReopenWindowMs - 1000)), 7));
    assert.ok(!isOpenedLately(parseOpenedGifts(value, new Date(now.getTime() + giftReopenWindowMs)), 7));
  });

  it('keeps the newest twenty', () => {
    let opened = parseOpenedGifts(null, now);
    for (let id = 1; id <= 25; id += 1) opened = parseOpenedGifts(withOpenedGift(opened, id, now), now);
    assert.equal(opened.size, 20);
    assert.ok(isOpenedLately(opened, 25) && !isOpenedLately(opened, 5));
  });

  it('reads anything malformed, or from the future, as nothing opened', () => {
    for (const value of ['', 'x', '7', '7:', ':1', '0:1', `7:${(Math.floor(now.getTime() / 1000) + 60).toString(36)}`, 'a'.repeat(600)]) {
      assert.equal(parseOpenedGifts(value, now).size, 0, value);
    }
  });
});
