import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountReader, deriveReaderKeys, readerKeySecretOf, readerKeysOf, visitorReader } from './reader-key.ts';

const secret = 'a-server-secret-that-is-long-enough-for-tests';
const keys = deriveReaderKeys(secret);
const visitor = 'AAAAAAAAAAAAAAAAAAAAAA';

describe("a reader's key in the insights ledger", () => {
  it('is the same for an account whenever it is asked, and differs between accounts', () => {
    assert.equal(keys.ofAccount(7), deriveReaderKeys(secret).ofAccount(7));
    assert.notEqual(keys.ofAccount(7), keys.ofAccount(8));
  });

  it("keeps an anonymous reader's key through a month and changes it with the month (UTC)", () => {
    const early = keys.ofVisitor(visitor, new Date('2026-03-01T00:00:00Z'));
    assert.equal(keys.ofVisitor(visitor, new Date('2026-03-31T23:59:59Z')), early);
    assert.notEqual(keys.ofVisitor(visitor, new Date('2026-04-01T00:00:00Z')), early);
    assert.notEqual(keys.ofVisitor(visitor, new Date('2027-03-15T00:00:00Z')), early);
  });

  it('tells visitors apart, and an account from a visitor', () => {
    const at = new Date('2026-03-10T00:00:00Z');
    assert.notEqual(keys.ofVisitor(visitor, at), keys.ofVisitor('BAAAAAAAAAAAAAAAAAAAAA', at));
    assert.match(keys.ofAccount(1), /^a\.[A-Za-z0-9_-]{22}$/);
    assert.match(keys.ofVisitor(visitor, at), /^v\.[A-Za-z0-9_-]{22}$/);
  });

  it("cannot be made without the server secret: another secret gives other keys, and the key does not hold the visitor's id", () => {
    const other = deriveReaderKeys('another-server-secret-long-enough-for-tests');
    const at = new Date('2026-03-10T00:00:00Z');
    assert.notEqual(other.ofAccount(7), keys.ofAccount(7));
    assert.notEqual(other.ofVisitor(visitor, at), keys.ofVisitor(visitor, at));
    assert.ok(!keys.ofVisitor(visitor, at).includes(visitor));
  });

  it('keys a reader named in an event as it keys them when asked: the writer keys names, a query asks by account or visitor', () => {
    const at = new Date('2026-03-10T00:00:00Z');
    assert.equal(keys.of(accountReader(7)), keys.ofAccount(7));
    assert.equal(keys.of(visitorReader(visitor, at)), keys.ofVisitor(visitor, at));
    assert.equal(visitorReader(visitor, new Date('2026-03-31T23:59:59Z')), visitorReader(visitor, at), 'a name is for the month');
  });

  it("is the same made in the writer's thread from the secret's bytes as made from the server secret", () => {
    const inThread = readerKeysOf(new Uint8Array(readerKeySecretOf(secret)));
    assert.equal(inThread.ofAccount(7), keys.ofAccount(7));
  });

  it('keeps giving the same keys once its memory of recent names has been emptied', () => {
    const first = keys.ofAccount(1);
    for (let account = 2; account < 10_010; account += 1) keys.ofAccount(account);
    assert.equal(keys.ofAccount(1), first);
  });
});
