import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { findTokenHolder, issueApiToken } from '../devices/api-tokens.ts';
import { AccountError } from './account-errors.ts';
import { authenticate } from './log-in.ts';
import { checkLoginLink, issueLoginLink } from './login-links.ts';
import { registerReader } from './register.ts';
import { replacePassword } from './replace-password.ts';
import { findSessionAccount, openSession } from './sessions.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();

/** A reader signed in twice in browsers and once in the app. */
async function signedInReader(email: string) {
  const account = await registerReader(db, { email, name: 'Reader', password: 'the old passphrase' }, now);
  const here = await openSession(db, account.id, now);
  const elsewhere = await openSession(db, account.id, now);
  const { token: device } = await issueApiToken(db, { accountId: account.id, deviceName: 'Phone', now });
  return { account, here: here.token, elsewhere: elsewhere.token, device };
}

const isSignedIn = async (token: string) => (await findSessionAccount(db, token, now)) !== null;
const isDeviceSignedIn = async (token: string) => (await findTokenHolder(db, token, now)) !== null;
const logsInWith = (email: string, password: string) =>
  authenticate(db, { email, password }).then(
    () => true,
    (error: unknown) => (error instanceof AccountError ? false : Promise.reject(error)),
  );

/** Makes revoking devices, the last of the writes, fail: the password and the sessions are changed by then, inside the transaction. */
async function withDevicesUnwritable(action: () => Promise<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').renameTo('api_tokens_away').execute();
  try {
    await assert.rejects(action());
  } finally {
    await db.schema.alterTable('api_tokens_away').renameTo('api_tokens').execute();
  }
}

describe(`a new password (${dialect})`, () => {
  it('given with the current one, signs out every other session and every device, keeping the session it came from', async () => {
    const { account, here, elsewhere, device } = await signedInReader('ada@example.org');
    await replacePassword(db, {
      proof: { kind: 'current-password', accountId: account.id, currentPassword: 'the old passphrase', keepSessionToken: here },
      password: 'the new passphrase',
      now,
    });
    assert.equal(await logsInWith('ada@example.org', 'the new passphrase'), true);
    assert.equal(await logsInWith('ada@example.org', 'the old passphrase'), false);
    assert.equal(await isSignedIn(here), true);
    assert.equal(await isSignedIn(elsewhere), false);
    assert.equal(await isDeviceSignedIn(device), false);
  });

  it('given by a reset link, uses the link up and signs out every session and every device', async () => {
    const { here, elsewhere, device } = await signedInReader('bo@example.org');
    const link = await issueLoginLink(db, { email: 'bo@example.org', purpose: 'password-reset', now });
    assert.ok(link);
    const account = await replacePassword(db, { proof: { kind: 'reset-link', token: link.token }, password: 'the new passphrase', now });
    assert.equal(account.email, 'bo@example.org');
    assert.equal(await logsInWith('bo@example.org', 'the new passphrase'), true);
    assert.equal(await isSignedIn(here), false);
    assert.equal(await isSignedIn(elsewhere), false);
    assert.equal(await isDeviceSignedIn(device), false);
    await assert.rejects(checkLoginLink(db, { token: link.token, purpose: 'password-reset', now }), /already been used/);
  });

  it('changes nothing when a write fails part-way: the old password works and everyone stays signed in', async () => {
    const { account, here, elsewhere, device } = await signedInReader('cy@example.org');
    await withDevicesUnwritable(() =>
      replacePassword(db, {
        proof: { kind: 'current-password', accountId: account.id, currentPassword: 'the old passphrase', keepSessionToken: here },
        password: 'the new passphrase',
        now,
      }),
    );
    assert.equal(await logsInWith('cy@example.org', 'the old passphrase'), true);
    assert.equal(await logsInWith('cy@example.org', 'the new passphrase'), false);
    assert.equal(await isSignedIn(here), true);
    assert.equal(await isSignedIn(elsewhere), true);
    assert.equal(await isDeviceSignedIn(device), true);
  });

  it('leaves a reset link usable when a write fails part-way, so the reader can try again', async () => {
    const { elsewhere } = await signedInReader('di@example.org');
    const link = await issueLoginLink(db, { email: 'di@example.org', purpose: 'password-reset', now });
    assert.ok(link);
    await withDevicesUnwritable(() => replacePassword(db, { proof: { kind: 'reset-link', token: link.token }, password: 'the new passphrase', now }));
    assert.equal(await logsInWith('di@example.org', 'the old passphrase'), true);
    assert.equal(await isSignedIn(elsewhere), true);
    await checkLoginLink(db, { token: link.token, purpose: 'password-reset', now });
  });

  it('refuses a wrong current password before anything is written', async () => {
    const { account, elsewhere } = await signedInReader('ed@example.org');
    await assert.rejects(
      replacePassword(db, {
        proof: { kind: 'current-password', accountId: account.id, currentPassword: 'not it at all', keepSessionToken: undefined },
        password: 'the new passphrase',
        now,
      }),
      (error) => error instanceof AccountError && error.problem === 'wrong-current-password',
    );
    assert.equal(await isSignedIn(elsewhere), true);
  });
});
