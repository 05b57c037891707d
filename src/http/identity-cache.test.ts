import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIdentityCache } from './identity-cache.ts';
import type { ReaderIdentity } from './reader-identity.ts';

const identityOf = (id: number): ReaderIdentity => ({
  account: { id, email: `reader${id}@example.org`, name: '', role: 'reader', hasPassword: false },
  reader: { kind: 'subscriber', readerId: id, tiers: [] },
  sessionToken: `token-${id}`,
  isPaymentFailing: false,
});

describe('the identity cache', () => {
  it('keeps an identity for less than its lifetime', () => {
    let clock = 0;
    const cache = createIdentityCache<ReaderIdentity>({ maxAgeMs: 1_000, clock: () => clock });
    cache.set('token-1', identityOf(1));
    clock = 999;
    assert.equal(cache.get('token-1')?.account?.id, 1);
    clock = 1_000;
    assert.equal(cache.get('token-1'), undefined);
  });

  it('forgets everyone at once when this instance changes something', () => {
    const cache = createIdentityCache<ReaderIdentity>({ maxAgeMs: 1_000, clock: () => 0 });
    cache.set('token-1', identityOf(1));
    cache.set('token-2', identityOf(2));
    cache.forgetAll();
    assert.equal(cache.get('token-1'), undefined);
    assert.equal(cache.get('token-2'), undefined);
  });

  it('holds no more than its size, dropping the least recently kept', () => {
    const cache = createIdentityCache<ReaderIdentity>({ maxAgeMs: 1_000, maxEntries: 2, clock: () => 0 });
    for (const id of [1, 2, 3]) cache.set(`token-${id}`, identityOf(id));
    assert.deepEqual(
      [1, 2, 3].map((id) => cache.get(`token-${id}`)?.account?.id),
      [undefined, 2, 3],
    );
  });

  it('keeps nothing when its lifetime is zero, as in development and tests', () => {
    const cache = createIdentityCache<ReaderIdentity>({ maxAgeMs: 0, clock: () => 0 });
    cache.set('token-1', identityOf(1));
    assert.equal(cache.get('token-1'), undefined);
  });
});
