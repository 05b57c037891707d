import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountError } from '../accounts/account-errors.ts';
import { CheckoutRefusedError } from '../commerce/checkout.ts';
import { DomainError } from '../errors/domain-error.ts';
import { retryAfterOf, statusOf } from './error-status.ts';

describe('the status of a domain error', () => {
  it('follows from its kind alone', () => {
    assert.equal(statusOf(new DomainError('No such thing.', { kind: 'not-found' })), 404);
    assert.equal(statusOf(new DomainError('Saved meanwhile.', { kind: 'conflict' })), 409);
    assert.equal(statusOf(new DomainError('Too short.', { kind: 'invalid', field: 'password' })), 400);
    assert.equal(statusOf(new DomainError('Who are you?', { kind: 'unauthenticated' })), 401);
    assert.equal(statusOf(new DomainError('Not yours.', { kind: 'forbidden' })), 403);
    assert.equal(statusOf(new DomainError('Slow down.', { kind: 'rate-limited', retryAfterSeconds: 30 })), 429);
  });

  it('is the one the routes answered with before the errors said what they mean', () => {
    assert.equal(statusOf(new CheckoutRefusedError('unknown-offer')), 404);
    assert.equal(statusOf(new CheckoutRefusedError('already-subscribed')), 409);
    assert.equal(statusOf(new AccountError('wrong-credentials')), 401);
    assert.equal(statusOf(new AccountError('link-expired')), 400);
  });

  it('tells a rate-limited client when to try again, and no one else', () => {
    assert.equal(retryAfterOf(new DomainError('Slow down.', { kind: 'rate-limited', retryAfterSeconds: 30 })), '30');
    assert.equal(retryAfterOf(new DomainError('Not yours.', { kind: 'forbidden' })), null);
    assert.equal(retryAfterOf(new Error('boom')), null);
  });
});
