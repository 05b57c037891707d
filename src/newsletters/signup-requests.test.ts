import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountError } from '../accounts/account-errors.ts';
import { findAccountRowByEmail } from '../accounts/account-repository.ts';
import { registerReader } from '../accounts/register.ts';
import { openTestDatabase } from '../../test/database.ts';
import { insertNewsletter } from '../../test/newsletter-list-fixtures.ts';
import { findReaderSubscriptions, listActiveNewsletters } from './newsletter-repository.ts';
import { checkSignUpLink, confirmNewsletterSignUp, parseSignUpForm, requestNewsletterSignUp, signUpLinkLifetimeMs } from './signup-requests.ts';

const { db } = await openTestDatabase();
const morning = await insertNewsletter(db, { slug: 'morning', name: 'Morning' });
const sunday = await insertNewsletter(db, { slug: 'sunday', name: 'Sunday' });
const members = await insertNewsletter(db, { slug: 'members', name: 'Members', audience: 'subscribers' });
const now = new Date('2026-06-01T07:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccountError) return error.problem;
    throw error;
  }
  return 'none';
}

describe('the sign-up form (parseSignUpForm)', () => {
  it('takes a normalized address and the ticked newsletters that anyone may join', async () => {
    const offered = await listActiveNewsletters(db);
    assert.deepEqual(parseSignUpForm({ email: ' Ada@Example.COM ', chosen: [sunday, members, 999] }, offered), {
      kind: 'valid',
      email: 'ada@example.com',
      newsletterIds: [sunday],
    });
  });

  it('asks for an address first, then for a newsletter', async () => {
    const offered = await listActiveNewsletters(db);
    assert.equal(parseSignUpForm({ email: 'not an address', chosen: [] }, offered).kind, 'invalid');
    assert.deepEqual(parseSignUpForm({ email: 'ada@example.com', chosen: [members] }, offered), {
      kind: 'invalid',
      field: 'newsletters',
      message: 'Choose at least one newsletter.',
    });
  });
});

describe('double opt-in: nothing happens until the mailed link is opened', () => {
  it('makes no account and subscribes no one when asked', async () => {
    await requestNewsletterSignUp(db, { email: 'quiet@example.com', newsletterIds: [morning], nextPath: '/', now });
    assert.equal(await findAccountRowByEmail(db, 'quiet@example.com'), undefined);
  });

  it('stores the token only as a hash', async () => {
    const { token } = await requestNewsletterSignUp(db, { email: 'hash@example.com', newsletterIds: [morning], nextPath: '/', now });
    const stored = await db.selectFrom('newsletter_signup_requests').select('token_hash').where('email', '=', 'hash@example.com').executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token);
  });

  it('makes a new address a registered reader without a password, from the newsletter, and subscribes them', async () => {
    const { token } = await requestNewsletterSignUp(db, { email: 'new@example.com', newsletterIds: [morning, sunday], nextPath: '/world', now });
    assert.deepEqual(await checkSignUpLink(db, { token, now: later(1000) }), { email: 'new@example.com' });
    const confirmed = await confirmNewsletterSignUp(db, { token, now: later(1000) });
    assert.equal(confirmed.isNewAccount, true);
    assert.equal(confirmed.account.hasPassword, false);
    assert.equal(confirmed.account.role, 'reader');
    assert.equal(confirmed.nextPath, '/world');
    assert.deepEqual(confirmed.newsletterIds, [morning, sunday]);
    const row = await db.selectFrom('accounts').select(['source', 'password_hash']).where('id', '=', confirmed.account.id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { source: 'newsletter', password_hash: null });
    const subscriptions = await findReaderSubscriptions(db, confirmed.account.id);
    assert.deepEqual(
      subscriptions.map(({ newsletterName, consentSource, consentedAt }) => ({ newsletterName, consentSource, consentedAt })),
      [
        { newsletterName: 'Morning', consentSource: 'sign-up-form', consentedAt: later(1000) },
        { newsletterName: 'Sunday', consentSource: 'sign-up-form', consentedAt: later(1000) },
      ],
    );
  });

  it('subscribes an address that already has an account, leaving the account as it was', async () => {
    const reader = await registerReader(db, { email: 'known@example.com', name: 'Known', password: 'correct horse battery' }, now);
    const { token } = await requestNewsletterSignUp(db, { email: 'known@example.com', newsletterIds: [sunday], nextPath: '/', now });
    const confirmed = await confirmNewsletterSignUp(db, { token, now });
    assert.deepEqual(
      { id: confirmed.account.id, isNew: confirmed.isNewAccount, hasPassword: confirmed.account.hasPassword },
      { id: reader.id, isNew: false, hasPassword: true },
    );
    assert.deepEqual(confirmed.newsletterIds, [sunday]);
  });

  it('works once', async () => {
    const { token } = await requestNewsletterSignUp(db, { email: 'once@example.com', newsletterIds: [morning], nextPath: '/', now });
    await confirmNewsletterSignUp(db, { token, now });
    assert.equal(await refusal(confirmNewsletterSignUp(db, { token, now })), 'link-used');
    assert.equal(await refusal(checkSignUpLink(db, { token, now })), 'link-used');
  });

  it('works for 48 hours and no longer', async () => {
    const { token, expiresAt } = await requestNewsletterSignUp(db, { email: 'late@example.com', newsletterIds: [morning], nextPath: '/', now });
    assert.deepEqual(expiresAt, later(signUpLinkLifetimeMs));
    assert.equal(await refusal(checkSignUpLink(db, { token, now: expiresAt })), 'link-expired');
    assert.equal(await refusal(confirmNewsletterSignUp(db, { token, now: expiresAt })), 'link-expired');
    assert.equal(await findAccountRowByEmail(db, 'late@example.com'), undefined);
  });

  it('refuses a token it never gave', async () => {
    assert.equal(await refusal(confirmNewsletterSignUp(db, { token: 'made-up', now })), 'link-invalid');
  });

  it('subscribes only to those still open to anyone when the link is opened', async () => {
    const closing = await insertNewsletter(db, { slug: 'closing', name: 'Closing' });
    const { token } = await requestNewsletterSignUp(db, { email: 'closing@example.com', newsletterIds: [closing, members, morning], nextPath: '/', now });
    await db.updateTable('newsletters').set({ status: 'archived' }).where('id', '=', closing).execute();
    const confirmed = await confirmNewsletterSignUp(db, { token, now });
    assert.deepEqual(confirmed.newsletterIds, [morning]);
  });

  it('lets only one of two simultaneous confirmations through', async () => {
    const { token } = await requestNewsletterSignUp(db, { email: 'twice@example.com', newsletterIds: [morning], nextPath: '/', now });
    const results = await Promise.allSettled([confirmNewsletterSignUp(db, { token, now }), confirmNewsletterSignUp(db, { token, now })]);
    assert.equal(results.filter(({ status }) => status === 'fulfilled').length, 1);
    const accounts = await db.selectFrom('accounts').select('id').where('email', '=', 'twice@example.com').execute();
    assert.equal(accounts.length, 1);
  });
});
