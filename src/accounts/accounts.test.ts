import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { AccountError } from './account-errors.ts';
import { authenticate } from './log-in.ts';
import { issueLoginLink, redeemLoginLink } from './login-links.ts';
import { registerReader } from './register.ts';
import { closeSession, findSessionAccount, openSession, sessionLifetimeMs, sessionLifetimeOf, staffSessionLifetimeMs } from './sessions.ts';
import { changePassword, updateProfile } from './update-account.ts';

const now = new Date('2026-11-20T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const { db, dialect } = await openTestDatabase();

async function rejectsWith(promise: Promise<unknown>, problem: string) {
  await assert.rejects(promise, (error) => error instanceof AccountError && error.problem === problem);
}

describe(`reader accounts (${dialect})`, () => {
  it('registers a reader under a normalized address and logs them in', async () => {
    const account = await registerReader(db, { email: '  Ada@Example.ORG ', name: ' Ada ', password: 'a long passphrase' }, now);
    assert.equal(account.email, 'ada@example.org');
    assert.equal(account.name, 'Ada');
    const again = await authenticate(db, { email: 'ADA@example.org', password: 'a long passphrase' });
    assert.equal(again.id, account.id);
  });

  it('refuses a second account for the same address, however it is typed', async () => {
    await rejectsWith(registerReader(db, { email: 'ada@EXAMPLE.org', name: '', password: 'another passphrase' }, now), 'email-taken');
  });

  it('refuses bad addresses and weak or absurd passwords with a reason', async () => {
    await rejectsWith(registerReader(db, { email: 'not-an-address', name: '', password: 'a long passphrase' }, now), 'invalid-email');
    await rejectsWith(registerReader(db, { email: 'b@example.org', name: '', password: 'short' }, now), 'password-too-short');
    await rejectsWith(registerReader(db, { email: 'b@example.org', name: '', password: 'x'.repeat(201) }, now), 'password-too-long');
    await rejectsWith(registerReader(db, { email: 'b@example.org', name: 'n'.repeat(121), password: 'a long passphrase' }, now), 'name-too-long');
  });

  it('gives the same answer for a wrong password and for an unknown address', async () => {
    await rejectsWith(authenticate(db, { email: 'ada@example.org', password: 'wrong passphrase' }), 'wrong-credentials');
    await rejectsWith(authenticate(db, { email: 'nobody@example.org', password: 'wrong passphrase' }), 'wrong-credentials');
    await rejectsWith(authenticate(db, { email: 'not an address', password: 'x' }), 'wrong-credentials');
  });

  it('opens sessions that expire, and closes them', async () => {
    const account = await authenticate(db, { email: 'ada@example.org', password: 'a long passphrase' });
    const { token } = await openSession(db, account.id, now);
    assert.equal((await findSessionAccount(db, token, later(1000)))?.id, account.id);
    assert.equal(await findSessionAccount(db, token, later(sessionLifetimeMs + 1)), null);
    assert.equal(await findSessionAccount(db, 'forged-token', now), null);
    assert.equal(await findSessionAccount(db, undefined, now), null);
    await closeSession(db, token);
    assert.equal(await findSessionAccount(db, token, later(1000)), null);
  });

  it('ends the sessions of a deleted reader', async () => {
    const account = await registerReader(db, { email: 'gone@example.org', name: '', password: 'a long passphrase' }, now);
    const { token } = await openSession(db, account.id, now);
    await db.deleteFrom('accounts').where('id', '=', account.id).execute();
    assert.equal(await findSessionAccount(db, token, now), null);
  });

  it('sends one-time links that work once, and only before they expire', async () => {
    const issued = await issueLoginLink(db, { email: 'ADA@example.org ', purpose: 'magic-link', now });
    assert.ok(issued);
    assert.equal((await redeemLoginLink(db, { token: issued.token, purpose: 'magic-link', now: later(60_000) })).email, 'ada@example.org');
    await rejectsWith(redeemLoginLink(db, { token: issued.token, purpose: 'magic-link', now: later(61_000) }), 'link-used');

    const late = await issueLoginLink(db, { email: 'ada@example.org', purpose: 'password-reset', now });
    assert.ok(late);
    await rejectsWith(redeemLoginLink(db, { token: late.token, purpose: 'password-reset', now: later(2 * 3_600_000) }), 'link-expired');
    await rejectsWith(redeemLoginLink(db, { token: 'made-up', purpose: 'password-reset', now }), 'link-invalid');
  });

  it('does not let a sign-in link reset a password, or a reset link sign in', async () => {
    const issued = await issueLoginLink(db, { email: 'ada@example.org', purpose: 'magic-link', now });
    assert.ok(issued);
    await rejectsWith(redeemLoginLink(db, { token: issued.token, purpose: 'password-reset', now }), 'link-invalid');
  });

  it('issues no link for an address without an account', async () => {
    assert.equal(await issueLoginLink(db, { email: 'nobody@example.org', purpose: 'magic-link', now }), null);
  });

  it('lets a reader change their name, address and password', async () => {
    const account = await registerReader(db, { email: 'cy@example.org', name: 'Cy', password: 'first passphrase' }, now);
    await updateProfile(db, account.id, { name: 'Cyrus', email: 'CYRUS@example.org' }, now);
    await rejectsWith(updateProfile(db, account.id, { name: 'Cyrus', email: 'ada@example.org' }, now), 'email-taken');
    await rejectsWith(changePassword(db, account.id, { current: 'not it at all', next: 'second passphrase' }, now), 'wrong-current-password');
    await changePassword(db, account.id, { current: 'first passphrase', next: 'second passphrase' }, now);
    assert.equal((await authenticate(db, { email: 'cyrus@example.org', password: 'second passphrase' })).name, 'Cyrus');
  });

  it('gives staff sessions a working day and readers a month', () => {
    assert.equal(sessionLifetimeOf({ role: 'editor' }), staffSessionLifetimeMs);
    assert.equal(sessionLifetimeOf({ role: 'reader' }), sessionLifetimeMs);
    assert.ok(staffSessionLifetimeMs < sessionLifetimeMs);
  });
});
