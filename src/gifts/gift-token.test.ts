import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deriveGiftLinkKey, maximumGiftTokenLength, newGiftNonce, readGiftToken, signGiftToken } from './gift-token.ts';

const key = deriveGiftLinkKey('a-server-secret-of-more-than-thirty-two-characters');
const otherKey = deriveGiftLinkKey('another-server-secret-of-more-than-thirty-two-chars');
const expiresAt = new Date('2026-12-20T12:00:00Z');
const token = signGiftToken({ articleId: 42, expiresAt, nonce: newGiftNonce() }, key);

describe('a gift link token', () => {
  it('gives back its expiry for the article it was signed for', () => {
    assert.match(token, /^g1\.[0-9a-z]+\.[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/);
    assert.ok(token.length <= maximumGiftTokenLength);
    assert.deepEqual(readGiftToken(token, 42, key), { token, expiresAt });
  });

  it("opens nothing on another article's address", () => {
    assert.equal(readGiftToken(token, 43, key), null);
  });

  it('does not verify with another secret', () => {
    assert.equal(readGiftToken(token, 42, otherKey), null);
  });

  it('refuses a token whose expiry, random part or signature was changed', () => {
    const [prefix, expiry = '', nonce = '', signature = ''] = token.split('.');
    const later = (Number.parseInt(expiry, 36) + 86_400).toString(36);
    assert.equal(readGiftToken(`${prefix}.${later}.${nonce}.${signature}`, 42, key), null);
    assert.equal(readGiftToken(`${prefix}.${expiry}.${nonce.slice(1)}A.${signature}`, 42, key), null);
    assert.equal(readGiftToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 42, key), null);
  });

  it('refuses every truncation and anything overlong', () => {
    for (let length = 0; length < token.length; length += 1) assert.equal(readGiftToken(token.slice(0, length), 42, key), null);
    assert.equal(readGiftToken(`${token}${'x'.repeat(5000)}`, 42, key), null);
  });

  it('reads any string at all as nothing, unless it was signed with the key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 1000 }), (text, articleId) => readGiftToken(text, articleId, key) === null),
      { numRuns: 2000 },
    );
  });
});
