import type { Database } from '../db/database.ts';
import type { Account } from './account.ts';
import { refuseUnusableLink, unclaimedLinkError } from './one-time-link.ts';
import { findAccountRowByEmail } from './account-repository.ts';
import { hashPassword } from './passwords.ts';
import { createAccount, type Registration } from './register.ts';
import { hashToken, newToken } from './tokens.ts';
import { storedNewsletterIds, subscribeAtRegistration } from '../newsletters/registration-newsletters.ts';

export const registrationLinkLifetimeMs = 24 * 60 * 60 * 1000;

/**
 * How long a request is kept after its link expired: long enough that a late click is told the
 * link expired rather than that it is not valid, short enough that the password hash of someone
 * who never came back does not stay.
 */
const keptAfterExpiryMs = 7 * 24 * 60 * 60 * 1000;

/**
 * What asking to register led to. Either way the address is mailed and the reader is told the same:
 * a new address gets the link that finishes registering, a taken one a reminder that it has an account.
 */
export type RegistrationRequest = { kind: 'new-address'; email: string; token: string; expiresAt: Date } | { kind: 'already-registered'; email: string };

/**
 * Asks to register: for a new address, keeps the registration until its mailed link is followed;
 * for an address that already has an account, keeps nothing.
 */
export async function requestRegistration(
  db: Database,
  { registration, nextPath, newsletterIds = [], now }: { registration: Registration; nextPath: string; newsletterIds?: readonly number[]; now: Date },
): Promise<RegistrationRequest> {
  // Hashed whatever the address, so a taken address takes as long to answer as a new one.
  const passwordHash = await hashPassword(registration.password);
  await db
    .deleteFrom('registration_requests')
    .where('expires_at', '<', new Date(now.getTime() - keptAfterExpiryMs).toISOString())
    .execute();
  const { email, name } = registration;
  if (await findAccountRowByEmail(db, email)) return { kind: 'already-registered', email };
  const token = newToken();
  const expiresAt = new Date(now.getTime() + registrationLinkLifetimeMs);
  await db
    .insertInto('registration_requests')
    .values({
      token_hash: hashToken(token),
      email,
      name,
      password_hash: passwordHash,
      next_path: nextPath,
      newsletter_ids: JSON.stringify(newsletterIds),
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
  return { kind: 'new-address', email, token, expiresAt };
}

/** Is this registration link still good? For the page it opens, without using it up; gives the address it registers. */
export async function checkRegistrationLink(db: Database, { token, now }: { token: string; now: Date }): Promise<{ email: string }> {
  const request = await db
    .selectFrom('registration_requests')
    .select(['email', 'used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  refuseUnusableLink(request, now);
  return { email: request.email };
}

/**
 * Uses a registration link once and makes the reader's account from it: the first use wins, a second
 * or a late one is refused with the reason. Gives the account and where registering was to lead.
 */
export async function finishRegistration(
  db: Database,
  { token, now }: { token: string; now: Date },
): Promise<{ account: Account; nextPath: string; newsletterIds: number[] }> {
  const tokenHash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('registration_requests')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning(['email', 'name', 'password_hash', 'next_path', 'newsletter_ids'])
      .executeTakeFirst();
    if (!claimed) {
      const request = await trx.selectFrom('registration_requests').select('used_at').where('token_hash', '=', tokenHash).executeTakeFirst();
      throw unclaimedLinkError(request);
    }
    // In the transaction that uses the link up: when the address has got an account meanwhile, the
    // refusal ('email-taken') undoes the use, and neither that account nor the request is changed.
    const account = await createAccount(trx, { email: claimed.email, name: claimed.name, passwordHash: claimed.password_hash, role: 'reader' }, now);
    const newsletterIds = await subscribeAtRegistration(trx, { accountId: account.id, chosen: storedNewsletterIds(claimed.newsletter_ids), now });
    return { account, nextPath: claimed.next_path, newsletterIds };
  });
}
