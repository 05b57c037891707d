import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveReaderKeys } from './reader-key.ts';

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
});
