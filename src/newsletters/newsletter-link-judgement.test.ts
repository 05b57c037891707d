import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewsletterClaim } from './newsletter-link.ts';
import { judgeNewsletterLink, type LinkedDelivery, type LinkOpener } from './newsletter-link-judgement.ts';

const claim: NewsletterClaim = { deliveryId: 7, expiresAt: new Date('2027-01-01T00:00:00Z') };
const delivery: LinkedDelivery = { id: 7, accountId: 40, isRevoked: false, carriesArticle: true };
const anonymous: LinkOpener = { kind: 'anonymous' };

describe('a newsletter link', () => {
  it('credits its recipient when it verified, its copy carries the article and nobody else is reading', () => {
    assert.deepEqual(judgeNewsletterLink({ claim, delivery, opener: anonymous }), { kind: 'credit', deliveryId: 7, recipientId: 40 });
  });

  it('credits the recipient who opens their own link signed in', () => {
    assert.deepEqual(judgeNewsletterLink({ claim, delivery, opener: { kind: 'signed-in', accountId: 40 } }), {
      kind: 'credit',
      deliveryId: 7,
      recipientId: 40,
    });
  });

  it('gives the ordinary page for a token that did not verify (malformed, forged, altered, expired, another article’s)', () => {
    assert.deepEqual(judgeNewsletterLink({ claim: null, delivery, opener: anonymous }), { kind: 'ordinary', reason: 'invalid' });
    assert.deepEqual(judgeNewsletterLink({ claim: null, delivery: null, opener: anonymous }), { kind: 'ordinary', reason: 'invalid' });
  });

  it('gives the ordinary page for a copy that is gone, or a row that is not the one the token names', () => {
    assert.deepEqual(judgeNewsletterLink({ claim, delivery: null, opener: anonymous }), { kind: 'ordinary', reason: 'no-delivery' });
    assert.deepEqual(judgeNewsletterLink({ claim, delivery: { ...delivery, id: 8 }, opener: anonymous }), { kind: 'ordinary', reason: 'no-delivery' });
  });

  it('gives the ordinary page when the copy’s send does not carry the article', () => {
    assert.deepEqual(judgeNewsletterLink({ claim, delivery: { ...delivery, carriesArticle: false }, opener: anonymous }), {
      kind: 'ordinary',
      reason: 'other-article',
    });
  });

  it('gives the ordinary page once the desk revoked the copy’s links, even to the recipient signed in', () => {
    const revoked = { ...delivery, isRevoked: true };
    assert.deepEqual(judgeNewsletterLink({ claim, delivery: revoked, opener: anonymous }), { kind: 'ordinary', reason: 'revoked' });
    assert.deepEqual(judgeNewsletterLink({ claim, delivery: revoked, opener: { kind: 'signed-in', accountId: 40 } }), { kind: 'ordinary', reason: 'revoked' });
  });

  it('leaves another signed-in reader to read as themselves, and a crawler as a crawler', () => {
    assert.deepEqual(judgeNewsletterLink({ claim, delivery, opener: { kind: 'signed-in', accountId: 41 } }), { kind: 'ordinary', reason: 'another-reader' });
    assert.deepEqual(judgeNewsletterLink({ claim, delivery, opener: { kind: 'crawler' } }), { kind: 'ordinary', reason: 'crawler' });
  });

  it('credits only the one combination, over every claim, copy and opener', () => {
    const claims = [null, claim];
    const deliveries = [null, { ...delivery, id: 8 }];
    for (const isRevoked of [false, true]) for (const carriesArticle of [false, true]) deliveries.push({ ...delivery, isRevoked, carriesArticle });
    const openers: LinkOpener[] = [anonymous, { kind: 'signed-in', accountId: 40 }, { kind: 'signed-in', accountId: 41 }, { kind: 'crawler' }];
    for (const c of claims)
      for (const d of deliveries)
        for (const opener of openers) {
          const verdict = judgeNewsletterLink({ claim: c, delivery: d, opener });
          const isGood =
            c !== null &&
            d !== null &&
            d.id === c.deliveryId &&
            d.carriesArticle &&
            !d.isRevoked &&
            (opener.kind === 'anonymous' || (opener.kind === 'signed-in' && opener.accountId === d.accountId));
          assert.equal(verdict.kind, isGood ? 'credit' : 'ordinary', JSON.stringify({ c, d, opener }));
          if (verdict.kind === 'credit') assert.equal(verdict.recipientId, 40);
        }
  });
});
