import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { AccountError } from './account-errors.ts';
import { authenticate } from './log-in.ts';
import { issueLoginLink, redeemLoginLink } from './login-links.ts';
import { parseRegistration, registerReader } from './register.ts';
import { checkRegistrationLink, finishRegistration, registrationLinkLifetimeMs, requestRegistration } from './registration-requests.ts';
import { closeSession, findSessionAccount, openSession, sessionLifetimeMs, sessionLifetimeOf, staffSessionLifetimeMs } from './sessions.ts';
import { checkEmailChangeLink, confirmEmailChange, emailChangeLinkLifetimeMs } from './email-changes.ts';
import { replacePassword } from './replace-password.ts';
import { changeProfile, parseProfileChange } from './update-account.ts';

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

  it('changes a name at once and without a password, and a password only with the current one', async () => {
    const account = await registerReader(db, { email: 'cy@example.org', name: 'Cy', password: 'first passphrase' }, now);
    const change = parseProfileChange({ name: ' Cyrus ', email: ' CY@example.org' }, account);
    assert.deepEqual(change, { name: 'Cyrus', newEmail: null }, 'the same address, however typed, is no change of address');
    assert.equal(await changeProfile(db, { accountId: account.id, change, currentPassword: '', now }), null);
    await rejectsWith(
      replacePassword(db, {
        proof: { kind: 'current-password', accountId: account.id, currentPassword: 'not it at all', keepSessionToken: undefined },
        password: 'second passphrase',
        now,
      }),
      'wrong-current-password',
    );
    await replacePassword(db, {
      proof: { kind: 'current-password', accountId: account.id, currentPassword: 'first passphrase', keepSessionToken: undefined },
      password: 'second passphrase',
      now,
    });
    assert.equal((await authenticate(db, { email: 'cy@example.org', password: 'second passphrase' })).name, 'Cyrus');
  });

  it('checks a profile form: a bad address or an absurd name is refused with the reason', () => {
    const account = { email: 'cy@example.org' };
    assert.throws(
      () => parseProfileChange({ name: 'Cy', email: 'not an address' }, account),
      (error) => error instanceof AccountError && error.problem === 'invalid-email',
    );
    assert.throws(
      () => parseProfileChange({ name: 'n'.repeat(121), email: 'cy@example.org' }, account),
      (error) => error instanceof AccountError && error.problem === 'name-too-long',
    );
    assert.deepEqual(parseProfileChange({ name: 'Cy', email: ' New@Example.org ' }, account), { name: 'Cy', newEmail: 'new@example.org' });
  });

  it('moves an account to a new address only with the current password and once the mailed link is used, and only once', async () => {
    const account = await registerReader(db, { email: 'dee@example.org', name: 'Dee', password: 'a long passphrase' }, now);
    const change = parseProfileChange({ name: 'Dee Dee', email: 'dee.new@example.org' }, account);
    await rejectsWith(changeProfile(db, { accountId: account.id, change, currentPassword: 'a wrong passphrase', now }), 'wrong-current-password');
    assert.equal(
      (await authenticate(db, { email: 'dee@example.org', password: 'a long passphrase' })).name,
      'Dee',
      'a refused form saves nothing, not even the name',
    );

    const requested = await changeProfile(db, { accountId: account.id, change, currentPassword: 'a long passphrase', now });
    assert.ok(requested?.kind === 'link');
    assert.deepEqual(
      [requested.oldEmail, requested.newEmail, requested.expiresAt.getTime()],
      ['dee@example.org', 'dee.new@example.org', now.getTime() + emailChangeLinkLifetimeMs],
    );
    const stored = await db.selectFrom('email_change_requests').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, requested.token, 'the token is kept only as its hash');
    assert.equal(
      (await authenticate(db, { email: 'dee@example.org', password: 'a long passphrase' })).name,
      'Dee Dee',
      'the name is saved at once, the address is not',
    );

    assert.deepEqual(await checkEmailChangeLink(db, { token: requested.token, now: later(60_000) }), { newEmail: 'dee.new@example.org' });
    const confirmed = await confirmEmailChange(db, { token: requested.token, now: later(120_000) });
    assert.deepEqual([confirmed.account.email, confirmed.oldEmail], ['dee.new@example.org', 'dee@example.org']);
    assert.equal((await authenticate(db, { email: 'dee.new@example.org', password: 'a long passphrase' })).id, account.id);
    await rejectsWith(authenticate(db, { email: 'dee@example.org', password: 'a long passphrase' }), 'wrong-credentials');

    await rejectsWith(confirmEmailChange(db, { token: requested.token, now: later(180_000) }), 'link-used');
    await rejectsWith(checkEmailChangeLink(db, { token: requested.token, now: later(180_000) }), 'link-used');
    await rejectsWith(confirmEmailChange(db, { token: 'made-up', now }), 'link-invalid');
  });

  it('keeps nothing when the new address is taken, and leaves both accounts alone', async () => {
    const account = await registerReader(db, { email: 'eve@example.org', name: 'Eve', password: 'a long passphrase' }, now);
    const requested = await changeProfile(db, {
      accountId: account.id,
      change: parseProfileChange({ name: 'Eve', email: 'ADA@example.org' }, account),
      currentPassword: 'a long passphrase',
      now,
    });
    assert.deepEqual(requested, { kind: 'address-taken', oldEmail: 'eve@example.org', newEmail: 'ada@example.org' });
    assert.equal(await db.selectFrom('email_change_requests').select('token_hash').where('account_id', '=', account.id).executeTakeFirst(), undefined);
    assert.equal((await authenticate(db, { email: 'eve@example.org', password: 'a long passphrase' })).id, account.id);
  });

  it('refuses a link after 24 hours, one replaced by a newer request, and one cancelled by a new password', async () => {
    const account = await registerReader(db, { email: 'fay@example.org', name: 'Fay', password: 'a long passphrase' }, now);
    const ask = async (email: string) => {
      const requested = await changeProfile(db, {
        accountId: account.id,
        change: parseProfileChange({ name: 'Fay', email }, account),
        currentPassword: 'a long passphrase',
        now,
      });
      assert.ok(requested?.kind === 'link');
      return requested.token;
    };
    const first = await ask('fay.one@example.org');
    await rejectsWith(confirmEmailChange(db, { token: first, now: later(emailChangeLinkLifetimeMs) }), 'link-expired');
    const second = await ask('fay.two@example.org');
    await rejectsWith(checkEmailChangeLink(db, { token: first, now }), 'link-invalid');
    await replacePassword(db, {
      proof: { kind: 'current-password', accountId: account.id, currentPassword: 'a long passphrase', keepSessionToken: undefined },
      password: 'a newer passphrase',
      now,
    });
    await rejectsWith(confirmEmailChange(db, { token: second, now }), 'link-invalid');
    assert.equal((await authenticate(db, { email: 'fay@example.org', password: 'a newer passphrase' })).id, account.id, 'the account kept its address');
  });

  it('refuses a link whose address got an account meanwhile, and leaves both accounts and the link as they were', async () => {
    const account = await registerReader(db, { email: 'gus@example.org', name: 'Gus', password: 'a long passphrase' }, now);
    const requested = await changeProfile(db, {
      accountId: account.id,
      change: parseProfileChange({ name: 'Gus', email: 'wanted@example.org' }, account),
      currentPassword: 'a long passphrase',
      now,
    });
    assert.ok(requested?.kind === 'link');
    const other = await registerReader(db, { email: 'wanted@example.org', name: 'Quicker', password: 'another passphrase' }, now);
    await rejectsWith(confirmEmailChange(db, { token: requested.token, now }), 'new-email-taken');
    assert.equal((await authenticate(db, { email: 'gus@example.org', password: 'a long passphrase' })).id, account.id);
    assert.equal((await authenticate(db, { email: 'wanted@example.org', password: 'another passphrase' })).id, other.id);
    assert.deepEqual(await checkEmailChangeLink(db, { token: requested.token, now }), { newEmail: 'wanted@example.org' }, 'the refused link is not used up');
  });

  it('lets only one of two simultaneous uses of a change-of-address link through', async () => {
    const account = await registerReader(db, { email: 'hal@example.org', name: 'Hal', password: 'a long passphrase' }, now);
    const requested = await changeProfile(db, {
      accountId: account.id,
      change: parseProfileChange({ name: 'Hal', email: 'hal.new@example.org' }, account),
      currentPassword: 'a long passphrase',
      now,
    });
    assert.ok(requested?.kind === 'link');
    const outcomes = await Promise.allSettled([
      confirmEmailChange(db, { token: requested.token, now }),
      confirmEmailChange(db, { token: requested.token, now }),
    ]);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
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
    assert.deepEqual(
      await checkRegistrationLink(db, { token: requested.token, now: later(60_000) }),
      { email: 'bea@example.org' },
      'checking does not use it up',
    );
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
    const requested = await requestRegistration(db, {
      registration: parseRegistration({ email: 'ADA@example.org', name: 'Not Ada', password: 'another passphrase' }),
      nextPath: '/',
      now,
    });
    assert.deepEqual(requested, { kind: 'already-registered', email: 'ada@example.org' });
    assert.deepEqual(await db.selectFrom('registration_requests').select('token_hash').execute(), before);
    assert.equal((await authenticate(db, { email: 'ada@example.org', password: 'a long passphrase' })).name, 'Ada', 'the account is untouched');
  });

  it('refuses a link whose address got an account meanwhile, and leaves the account and the request as they were', async () => {
    const registration = parseRegistration({ email: 'twin@example.org', name: 'First Twin', password: 'the first passphrase' });
    const first = await requestRegistration(db, { registration, nextPath: '/', now });
    const second = await requestRegistration(db, {
      registration: { ...registration, name: 'Second Twin', password: 'the second passphrase' },
      nextPath: '/',
      now,
    });
    assert.ok(first.kind === 'new-address' && second.kind === 'new-address');
    await finishRegistration(db, { token: second.token, now });
    await rejectsWith(finishRegistration(db, { token: first.token, now }), 'email-taken');
    assert.equal((await authenticate(db, { email: 'twin@example.org', password: 'the second passphrase' })).name, 'Second Twin');
    assert.deepEqual(await checkRegistrationLink(db, { token: first.token, now }), { email: 'twin@example.org' }, 'the refused link is not used up');
  });

  it('lets only one of two simultaneous uses of a registration link through', async () => {
    const requested = await requestRegistration(db, {
      registration: parseRegistration({ email: 'eager@example.org', name: '', password: 'a long passphrase' }),
      nextPath: '/',
      now,
    });
    assert.ok(requested.kind === 'new-address');
    const outcomes = await Promise.allSettled([
      finishRegistration(db, { token: requested.token, now }),
      finishRegistration(db, { token: requested.token, now }),
    ]);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    assert.ok(refused?.reason instanceof AccountError && refused.reason.problem === 'link-used');
  });

  it('forgets registration requests a week after they expired', async () => {
    const registration = parseRegistration({ email: 'forgotten@example.org', name: '', password: 'a long passphrase' });
    const old = await requestRegistration(db, { registration, nextPath: '/', now });
    assert.ok(old.kind === 'new-address');
    await requestRegistration(db, {
      registration: { ...registration, email: 'recent@example.org' },
      nextPath: '/',
      now: later(registrationLinkLifetimeMs + 7 * 86_400_000 - 1000),
    });
    await rejectsWith(checkRegistrationLink(db, { token: old.token, now: later(registrationLinkLifetimeMs + 1000) }), 'link-expired');
    await requestRegistration(db, {
      registration: { ...registration, email: 'recent@example.org' },
      nextPath: '/',
      now: later(registrationLinkLifetimeMs + 7 * 86_400_000 + 1000),
    });
    await rejectsWith(checkRegistrationLink(db, { token: old.token, now: later(registrationLinkLifetimeMs + 1000) }), 'link-invalid');
  });
});
