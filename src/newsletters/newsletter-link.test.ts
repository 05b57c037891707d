import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deriveNewsletterLinkKey, maximumNewsletterTokenLength, readNewsletterToken, signNewsletterToken } from './newsletter-link.ts';

const key = deriveNewsletterLinkKey('a-server-secret-of-more-than-thirty-two-characters');
const otherKey = deriveNewsletterLinkKey('another-server-secret-of-more-than-thirty-two-chars');
const now = new Date('2026-12-02T08:00:00Z');
const inAMonth = new Date('2027-01-01T08:00:00Z');

describe("a newsletter link's token", () => {
  it("names the recipient's delivery and its expiry, for the article it was signed for", () => {
    const token = signNewsletterToken({ articleId: 42, deliveryId: 123_456, expiresAt: inAMonth }, key);
    assert.match(token, /^n1\.2n9c\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(readNewsletterToken(token, { articleId: 42, now }, key), { deliveryId: 123_456, expiresAt: inAMonth });
  });

  it("opens nothing on another article's address, after its expiry, or signed with another secret", () => {
    const token = signNewsletterToken({ articleId: 42, deliveryId: 7, expiresAt: inAMonth }, key);
    assert.equal(readNewsletterToken(token, { articleId: 43, now }, key), null);
    assert.equal(readNewsletterToken(token, { articleId: 42, now: inAMonth }, key), null);
    assert.equal(readNewsletterToken(signNewsletterToken({ articleId: 42, deliveryId: 7, expiresAt: inAMonth }, otherKey), { articleId: 42, now }, key), null);
  });

  it('opens nothing once altered: another delivery, a later expiry, a changed signature', () => {
    const token = signNewsletterToken({ articleId: 42, deliveryId: 7, expiresAt: inAMonth }, key);
    const [format, , expiry, signature] = token.split('.');
    assert.equal(readNewsletterToken([format, '8', expiry, signature].join('.'), { articleId: 42, now }, key), null);
    assert.equal(readNewsletterToken([format, '7', `${expiry}0`, signature].join('.'), { articleId: 42, now }, key), null);
    assert.equal(readNewsletterToken([format, '07', expiry, signature].join('.'), { articleId: 42, now }, key), null);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(readNewsletterToken(flipped, { articleId: 42, now }, key), null);
  });

  it('refuses to sign for a delivery that cannot exist', () => {
    assert.throws(() => signNewsletterToken({ articleId: 42, deliveryId: 0, expiresAt: inAMonth }, key));
    assert.throws(() => signNewsletterToken({ articleId: 42, deliveryId: 1.5, expiresAt: inAMonth }, key));
  });

  it('reads any string at all as no token, or as one this key signed for the article', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const claim = readNewsletterToken(text, { articleId: 42, now }, key);
        return claim === null || signNewsletterToken({ articleId: 42, ...claim }, key) === text;
      }),
      { numRuns: 2000 },
    );
  });

  it('fits in the length it promises, for the largest delivery id and the latest expiry it can carry', () => {
    const token = signNewsletterToken({ articleId: 1, deliveryId: Number.MAX_SAFE_INTEGER, expiresAt: new Date(8.64e15) }, key);
    assert.ok(token.length <= maximumNewsletterTokenLength, `${token.length} characters`);
    assert.equal(readNewsletterToken(`${token}x`, { articleId: 1, now }, key), null);
  });
});
