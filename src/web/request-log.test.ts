import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issuedTokens, redactTokens } from './request-log.ts';

const token = 'Zx9_live-secret-token-abcdefghijklmnopqrstuvw';
const giftToken = 'g1.t4k2p0.AbCdEfGhIjKlMnOpQrStUvWx.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('what the request log keeps of an address (redactTokens)', () => {
  it('keeps an address that carries no token as it is', () => {
    for (const url of ['/', '/world/some-story', '/search?q=token&page=2', '/feeds/private', '/feed.xml?tokens=1', '/checkout', '/login?next=%2Faccount']) {
      assert.equal(redactTokens(url), url);
    }
  });

  it('takes out the token of every one-time link, wherever it sits in the query', () => {
    assert.equal(redactTokens(`/login/link/confirm?token=${token}`), '/login/link/confirm?token=[redacted]');
    assert.equal(redactTokens(`/register/confirm?next=%2F&token=${token}&x=1`), '/register/confirm?next=%2F&token=[redacted]&x=1');
    assert.equal(redactTokens(`/admin/setup?token=${token}`), '/admin/setup?token=[redacted]');
  });

  it("takes out a gift link's token, alone or beside other parameters", () => {
    assert.equal(redactTokens(`/world/some-story?gift=${giftToken}`), '/world/some-story?gift=[redacted]');
    assert.equal(redactTokens(`/world/some-story?utm_source=mail&gift=${encodeURIComponent(giftToken)}`), '/world/some-story?utm_source=mail&gift=[redacted]');
  });

  it("takes out a gift subscription's redemption code, also where a log-in page's next address carries it", () => {
    const code = 'gs1.ya.AbCdEfGhIjKlMnOp.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
    assert.equal(redactTokens(`/gift-subscriptions/redeem?code=${code}`), '/gift-subscriptions/redeem?code=[redacted]');
    const next = encodeURIComponent(`/gift-subscriptions/redeem?code=${encodeURIComponent(code)}`);
    assert.equal(redactTokens(`/login?next=${next}`), `/login?next=${encodeURIComponent('/gift-subscriptions/redeem?code=[redacted]')}`);
  });

  it('takes out a token whose parameter is spelt otherwise: percent-encoded, in capitals, repeated', () => {
    assert.equal(redactTokens(`/world/story?%67ift=${giftToken}`), '/world/story?%67ift=[redacted]');
    assert.equal(redactTokens(`/login/reset?TOKEN=${token}`), '/login/reset?TOKEN=[redacted]');
    assert.equal(redactTokens(`/x?gift=${giftToken}&gift=${giftToken}`), '/x?gift=[redacted]&gift=[redacted]');
  });

  it('takes out the token in the path of a private feed and of a test-mode checkout, and in a checkout return', () => {
    assert.equal(redactTokens(`/feeds/private/${token}/feed.xml`), '/feeds/private/[redacted]/feed.xml');
    assert.equal(redactTokens(`/feeds/private/${token}/atom.xml?x=1`), '/feeds/private/[redacted]/atom.xml?x=1');
    assert.equal(redactTokens(`/checkout/test/${token}`), '/checkout/test/[redacted]');
    assert.equal(redactTokens(`/checkout/done?checkout=${token}`), '/checkout/done?checkout=[redacted]');
  });

  it('takes out a path token behind doubled slashes, other capitals or percent-encoding', () => {
    for (const url of [
      `//feeds//private/${token}/feed.xml`,
      `/Feeds/Private/${token}/feed.xml`,
      `/feeds/%70rivate/${token}/feed.xml`,
      `/feeds/private/${encodeURIComponent(token)}`,
    ]) {
      const kept = redactTokens(url);
      assert.ok(!kept.includes(token) && kept.includes('[redacted]'), `${url} kept as ${kept}`);
    }
  });

  it('names every kind of token once, and redacts each one carried in the query or the path', () => {
    const kinds = issuedTokens.map(({ kind }) => kind);
    assert.equal(new Set(kinds).size, kinds.length);
    for (const kind of ['magic link', 'registration link', 'password-reset link', 'gift link', 'private feed', 'API token'] as const)
      assert.ok(kinds.includes(kind), kind);
    for (const { kind, carrier } of issuedTokens) {
      if ('query' in carrier) assert.equal(redactTokens(`/p?${carrier.query}=${token}`), `/p?${carrier.query}=[redacted]`, kind);
      if ('pathAfter' in carrier) assert.equal(redactTokens(`${carrier.pathAfter}${token}`), `${carrier.pathAfter}[redacted]`, kind);
    }
  });
});
