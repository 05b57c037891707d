import type { Account } from '../accounts/account.ts';
import { findAccountRowByEmail, toAccount } from '../accounts/account-repository.ts';
import { normalizeEmail } from '../accounts/email-address.ts';
import { refuseUnusableLink, unclaimedLinkError } from '../accounts/one-time-link.ts';
import type { RateLimit } from '../accounts/rate-limit.ts';
import { createAccount } from '../accounts/register.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import type { Database } from '../db/database.ts';
import type { Newsletter } from './newsletter-repository.ts';
import { storedNewsletterIds } from './registration-newsletters.ts';
import { subscribe } from './subscriptions.ts';

/** Two days: a confirmation mail read the next evening still works. */
export const signUpLinkLifetimeMs = 48 * 60 * 60 * 1000;

/** As long as registration keeps its requests after expiry: a late click is told the link expired. */
const keptAfterExpiryMs = 7 * 24 * 60 * 60 * 1000;

/** How often the sign-up form may be sent, per client address and per e-mail address: every attempt mails the address. */
export const signUpRateLimits = {
  perIp: { name: 'newsletter-sign-up:ip', limit: 10, windowMs: 60 * 60_000 },
  perAddress: { name: 'newsletter-sign-up:address', limit: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

/** A sign-up form that passed its checks, or what to tell the visitor about it. */
export type SignUpForm = { kind: 'valid'; email: string; newsletterIds: number[] } | { kind: 'invalid'; field: 'email' | 'newsletters'; message: string };

/**
 * Checks the sign-up form against the newsletters it offered (those anyone may join): an address,
 * and at least one of them ticked. An id the form never offered is dropped, not trusted.
 */
export function parseSignUpForm({ email, chosen }: { email: string; chosen: readonly number[] }, offered: readonly Newsletter[]): SignUpForm {
  const address = normalizeEmail(email);
  if (address === null) return { kind: 'invalid', field: 'email', message: 'Enter your e-mail address, like name@example.com.' };
  const newsletterIds = offered.filter((newsletter) => newsletter.audience === 'anyone' && chosen.includes(newsletter.id)).map(({ id }) => id);
  if (newsletterIds.length === 0) return { kind: 'invalid', field: 'newsletters', message: 'Choose at least one newsletter.' };
  return { kind: 'valid', email: address, newsletterIds };
}

/**
 * Keeps a sign-up until its mailed link is opened: nothing is subscribed, and no account made,
 * before the address's owner says so. Gives the token to mail, which is stored only as a hash.
 */
export async function requestNewsletterSignUp(
  db: Database,
  { email, newsletterIds, nextPath, now }: { email: string; newsletterIds: readonly number[]; nextPath: string; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  await db
    .deleteFrom('newsletter_signup_requests')
    .where('expires_at', '<', new Date(now.getTime() - keptAfterExpiryMs).toISOString())
    .execute();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + signUpLinkLifetimeMs);
  await db
    .insertInto('newsletter_signup_requests')
    .values({
      token_hash: hashToken(token),
      email,
      newsletter_ids: JSON.stringify(newsletterIds),
      next_path: nextPath,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** Is this sign-up link still good? For the page with the confirm button, without using the link up. */
export async function checkSignUpLink(db: Database, { token, now }: { token: string; now: Date }): Promise<{ email: string }> {
  const request = await db
    .selectFrom('newsletter_signup_requests')
    .select(['email', 'used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  refuseUnusableLink(request, now);
  return { email: request.email };
}

/** What confirming a sign-up did: the reader, whether their account was made by it, and what they now get. */
export type ConfirmedSignUp = { account: Account; isNewAccount: boolean; newsletterIds: number[]; nextPath: string };

/**
 * Uses a sign-up link once: the first use wins, a second or a late one is refused with the reason.
 * A new address gets a registered reader's account without a password (source 'newsletter'); an
 * address with an account keeps it as it is. Either way the reader is subscribed to those of the
 * chosen newsletters still open to anyone, with the sign-up form as their consent's source.
 */
export async function confirmNewsletterSignUp(db: Database, { token, now }: { token: string; now: Date }): Promise<ConfirmedSignUp> {
  const tokenHash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('newsletter_signup_requests')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning(['email', 'newsletter_ids', 'next_path'])
      .executeTakeFirst();
    if (!claimed) {
      const request = await trx.selectFrom('newsletter_signup_requests').select('used_at').where('token_hash', '=', tokenHash).executeTakeFirst();
      throw unclaimedLinkError(request);
    }
    const existing = await findAccountRowByEmail(trx, claimed.email);
    const account = existing
      ? toAccount(existing)
      : await createAccount(trx, { email: claimed.email, name: '', passwordHash: null, role: 'reader', source: 'newsletter' }, now);
    const chosen = storedNewsletterIds(claimed.newsletter_ids);
    const open =
      chosen.length === 0
        ? []
        : await trx
            .selectFrom('newsletters')
            .select('id')
            .where('id', 'in', chosen)
            .where('status', '=', 'active')
            .where('audience', '=', 'anyone')
            .orderBy('id')
            .execute();
    const newsletterIds = open.map(({ id }) => id);
    await subscribe(trx, { accountId: account.id, newsletterIds, source: 'sign-up-form', now });
    return { account, isNewAccount: !existing, newsletterIds, nextPath: claimed.next_path };
  });
}
