import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  derivePreferencesLinkKey,
  listUnsubscribeHeaders,
  readPreferencesToken,
  readUnsubscribeToken,
  signPreferencesToken,
  signUnsubscribeToken,
} from './preferences-link.ts';

const key = derivePreferencesLinkKey('a-server-secret-of-more-than-thirty-two-characters');
const otherKey = derivePreferencesLinkKey('another-server-secret-of-more-than-thirty-two-chars');

describe("a newsletter's links that need no session", () => {
  it('unsubscribes the account it was signed for from that newsletter, and says so on reading', () => {
    const token = signUnsubscribeToken({ accountId: 1_000, newsletterId: 3 }, key);
    assert.match(token, /^u1\.rs\.3\.[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(readUnsubscribeToken(token, key), { accountId: 1_000, newsletterId: 3 });
  });

  it('opens the preferences of the account it was signed for, and never serves as an unsubscribe token or the other way round', () => {
    const preferences = signPreferencesToken({ accountId: 1_000 }, key);
    assert.deepEqual(readPreferencesToken(preferences, key), { accountId: 1_000 });
    assert.equal(readUnsubscribeToken(preferences, key), null);
    assert.equal(readPreferencesToken(signUnsubscribeToken({ accountId: 1_000, newsletterId: 3 }, key), key), null);
  });

  it('is nothing once altered, or signed with another secret', () => {
    const token = signUnsubscribeToken({ accountId: 1_000, newsletterId: 3 }, key);
    const [format, , newsletter, signature] = token.split('.');
    assert.equal(readUnsubscribeToken([format, 'rt', newsletter, signature].join('.'), key), null);
    assert.equal(readUnsubscribeToken([format, 'rs', '4', signature].join('.'), key), null);
    assert.equal(readUnsubscribeToken([format, '0rs', newsletter, signature].join('.'), key), null);
    assert.equal(readUnsubscribeToken(signUnsubscribeToken({ accountId: 1_000, newsletterId: 3 }, otherKey), key), null);
    assert.equal(readPreferencesToken(signPreferencesToken({ accountId: 5 }, otherKey), key), null);
  });

  it('refuses to sign for ids that cannot exist', () => {
    assert.throws(() => signUnsubscribeToken({ accountId: 0, newsletterId: 3 }, key));
    assert.throws(() => signPreferencesToken({ accountId: -1 }, key));
  });

  it('reads any string at all as nothing, or as a token this key signed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const unsubscribe = readUnsubscribeToken(text, key);
        const preferences = readPreferencesToken(text, key);
        return (
          (unsubscribe === null || signUnsubscribeToken(unsubscribe, key) === text) && (preferences === null || signPreferencesToken(preferences, key) === text)
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('gives mail clients the one-click headers of RFC 8058', () => {
    const url = new URL('https://gazette.example/newsletters/unsubscribe?token=u1.rs.3.x');
    assert.deepEqual(listUnsubscribeHeaders(url), {
      'List-Unsubscribe': '<https://gazette.example/newsletters/unsubscribe?token=u1.rs.3.x>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
