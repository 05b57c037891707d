import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signer } from '@fastify/cookie';
import fc from 'fast-check';
import { createCookieSigner } from './cookie-signer.ts';

const secret = 'a-cookie-secret-of-more-than-thirty-two-characters';
const ours = createCookieSigner(secret);
const theirs = new Signer(secret, 'sha256');

describe('the cookie signer', () => {
  it('signs exactly as @fastify/cookie does, so cookies signed before stay valid', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        assert.equal(ours.sign(value), theirs.sign(value));
        assert.deepEqual(ours.unsign(theirs.sign(value)), { valid: true, renew: false, value });
        assert.deepEqual(ours.unsign(theirs.sign(value)), { valid: true, renew: false, value }, 'and again, from what it remembers');
      }),
    );
  });

  it('refuses anything it did not sign', () => {
    const signed = ours.sign('csrf-secret');
    for (const forged of [`${signed}x`, signed.slice(0, -1), 'csrf-secret', 'csrf-secret.', createCookieSigner(`${secret}!`).sign('csrf-secret'), '']) {
      assert.deepEqual(ours.unsign(forged), { valid: false, renew: false, value: null }, forged);
    }
  });
});
