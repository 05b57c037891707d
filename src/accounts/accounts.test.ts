import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { AccountError } from './account-errors.ts';
import { authenticate } from './log-in.ts';
import { issueLoginLink, redeemLoginLink } from './login-links.ts';
import { parseRegistration, registerReader } from './register.ts';
import { checkRegistrationLink, finishRegistration, registrationLinkLifetimeMs, requestRegistration } from './registration-requests.ts';
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
  it('registers a new address only once its mailed link is used, and only once', async () => {
    const registration = parseRegistration({ email: ' Bea@Example.org ', name: ' Bea ', password: 'a long passphrase' });
    const requested = await requestRegistration(db, { registration, nextPath: '/world', now });
    assert.equal(requested.kind, 'new-address');
    assert.ok(requested.kind === 'new-address');
    assert.equal(requested.email, 'bea@example.org');
    assert.equal(requested.expiresAt.getTime(), now.getTime() + registrationLinkLifetimeMs);
    await rejectsWith(authenticate(db, { email: 'bea@example.org', password: 'a long passphrase' }), 'wrong-credentials');

    const stored = await db.selectFrom('registration_requests').selectAll().where('email', '=', 'bea@example.org').executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, requested.token, 'the token is kept only as its hash');
    assert.ok(!stored.password_hash.includes('a long passphrase'), 'the password is kept only as its hash');

    assert.deepEqual(await checkRegistrationLink(db, { token: requested.token, now: later(60_000) }), { email: 'bea@example.org' });
    assert.deepEqual(await checkRegistrationLink(db, { token: requested.token, now: later(60_000) }), { email: 'bea@example.org' }, 'checking does not use it up');
    const { account, nextPath } = await finishRegistration(db, { token: requested.token, now: later(120_000) });
    assert.deepEqual([account.email, account.name, account.role, nextPath], ['bea@example.org', 'Bea', 'reader', '/world']);
    assert.equal((await authenticate(db, { email: 'bea@example.org', password: 'a long passphrase' })).id, account.id);

    await rejectsWith(finishRegistration(db, { token: requested.token, now: later(180_000) }), 'link-used');
    await rejectsWith(checkRegistrationLink(db, { token: requested.token, now: later(180_000) }), 'link-used');
    await rejectsWith(finishRegistration(db, { token: 'made-up', now }), 'link-invalid');
    await rejectsWith(checkRegistrationLink(db, { token: 'made-up', now }), 'link-invalid');
  });

  it('refuses a registration link after 24 hours', async () => {
    const registration = parseRegistration({ email: 'slow-bea@example.org', name: '', password: 'a long passphrase' });
    const requested = await requestRegistration(db, { registration, nextPath: '/', now });
    assert.ok(requested.kind === 'new-address');
    await rejectsWith(checkRegistrationLink(db, { token: requested.token, now: later(registrationLinkLifetimeMs) }), 'link-expired');
    await rejectsWith(finishRegistration(db, { token: requested.token, now: later(registrationLinkLifetimeMs) }), 'link-expired');
    assert.equal(await db.selectFrom('accounts').select('id').where('email', '=', 'slow-bea@example.org').executeTakeFirst(), undefined);
  });

  it('keeps nothing for an address that already has an account, and leaves the account alone', async () => {
    const before = await db.selectFrom('registration_requests').select('token_hash').execute();
    const requested = await requestRegistration(db, { registration: parseRegistration({ email: 'ADA@example.org', name: 'Not Ada', password: 'another passphrase' }), nextPath: '/', now });
    assert.deepEqual(requested, { kind: 'already-registered', email: 'ada@example.org' });
    assert.deepEqual(await db.selectFrom('registration_requests').select('token_hash').execute(), before);
    assert.equal((await authenticate(db, { email: 'ada@example.org', password: 'a long passphrase' })).name, 'Ada', 'the account is untouched');
  });

  it('refuses a link whose address got an account meanwhile, and leaves the account and the request as they were', async () => {
    const registration = parseRegistration({ email: 'twin@example.org', name: 'First Twin', password: 'the first passphrase' });
    const first = await requestRegistration(db, { registration, nextPath: '/', now });
    const second = await requestRegistration(db, { registration: { ...registration, name: 'Second Twin', password: 'the second passphrase' }, nextPath: '/', now });
    assert.ok(first.kind === 'new-address' && second.kind === 'new-address');
    await finishRegistration(db, { token: second.token, now });
    await rejectsWith(finishRegistration(db, { token: first.token, now }), 'email-taken');
    assert.equal((await authenticate(db, { email: 'twin@example.org', password: 'the second passphrase' })).name, 'Second Twin');
    assert.deepEqual(await checkRegistrationLink(db, { token: first.token, now }), { email: 'twin@example.org' }, 'the refused link is not used up');
  });

  it('lets only one of two simultaneous uses of a registration link through', async () => {
    const requested = await requestRegistration(db, { registration: parseRegistration({ email: 'eager@example.org', name: '', password: 'a long passphrase' }), nextPath: '/', now });
    assert.ok(requested.kind === 'new-address');
    const outcomes = await Promise.allSettled([finishRegistration(db, { token: requested.token, now }), finishRegistration(db, { token: requested.token, now })]);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    assert.ok(refused?.reason instanceof AccountError && refused.reason.problem === 'link-used');
  });

  it('forgets registration requests a week after they expired', async () => {
    const registration = parseRegistration({ email: 'forgotten@example.org', name: '', password: 'a long passphrase' });
    const old = await requestRegistration(db, { registration, nextPath: '/', now });
    assert.ok(old.kind === 'new-address');
    await requestRegistration(db, { registration: { ...registration, email: 'recent@example.org' }, nextPath: '/', now: later(registrationLinkLifetimeMs + 7 * 86_400_000 - 1000) });
    await rejectsWith(checkRegistrationLink(db, { token: old.token, now: later(registrationLinkLifetimeMs + 1000) }), 'link-expired');
    await requestRegistration(db, { registration: { ...registration, email: 'recent@example.org' }, nextPath: '/', now: later(registrationLinkLifetimeMs + 7 * 86_400_000 + 1000) });
    await rejectsWith(checkRegistrationLink(db, { token: old.token, now: later(registrationLinkLifetimeMs + 1000) }), 'link-invalid');
  });
});
