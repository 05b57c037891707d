import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountError } from './account-errors.ts';
import { refuseUnusableLink, unclaimedLinkError } from './one-time-link.ts';

const now = new Date('2026-12-01T12:00:00Z');
const reasonOf = (run: () => void) => {
  try {
    run();
    return 'usable';
  } catch (error) {
    assert.ok(error instanceof AccountError);
    return error.problem;
  }
};

describe('whether a one-time link can be followed', () => {
  it('takes a link that is unused and not yet expired', () => {
    assert.equal(
      reasonOf(() => refuseUnusableLink({ used_at: null, expires_at: '2026-12-01T12:00:01.000Z' }, now)),
      'usable',
    );
  });

  it('refuses an unknown link, a used one before an expired one, and one that expires this instant', () => {
    assert.equal(
      reasonOf(() => refuseUnusableLink(undefined, now)),
      'link-invalid',
    );
    assert.equal(
      reasonOf(() => refuseUnusableLink({ used_at: '2026-11-30T09:00:00.000Z', expires_at: '2026-11-30T10:00:00.000Z' }, now)),
      'link-used',
    );
    assert.equal(
      reasonOf(() => refuseUnusableLink({ used_at: null, expires_at: now.toISOString() }, now)),
      'link-expired',
    );
  });

  it('says why a link could not be claimed: unknown, used, or (not used) expired', () => {
    assert.equal(unclaimedLinkError(undefined).problem, 'link-invalid');
    assert.equal(unclaimedLinkError({ used_at: '2026-11-30T09:00:00.000Z' }).problem, 'link-used');
    assert.equal(unclaimedLinkError({ used_at: null }).problem, 'link-expired');
  });
});
