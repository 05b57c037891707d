import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The links in every newsletter's mail that work without a session: one-click unsubscribing from
 * that newsletter (RFC 8058's `List-Unsubscribe`, which a mail client may POST to at any time) and
 * the footer's link to the reader's newsletter preferences. Each is signed with a key derived from
 * the server secret over the account (and the newsletter), and grants that and nothing else: it
 * never signs anyone in, so a forwarded message hands over no account. They do not expire: a
 * reader may unsubscribe from a message a year old.
 *
 * Formats, with ids in base 36 and the first 128 bits of an HMAC-SHA256 in base64url:
 * u1.<account id>.<newsletter id>.<HMAC of "u1.<account id>.<newsletter id>"> (unsubscribe), and
 * p1.<account id>.<HMAC of "p1.<account id>"> (preferences).
 */
export type PreferencesLinkKey = KeyObject;

export type UnsubscribeClaim = { accountId: number; newsletterId: number };

const id = '([1-9a-z][0-9a-z]{0,10})';
const signature = '([A-Za-z0-9_-]{22})';
const unsubscribePattern = new RegExp(`^u1\\.${id}\\.${id}\\.${signature}$`);
const preferencesPattern = new RegExp(`^p1\\.${id}\\.${signature}$`);
const maximumLength = 3 + 11 + 1 + 11 + 1 + 22;

export function derivePreferencesLinkKey(secret: string): PreferencesLinkKey {
  return createSecretKey(createHmac('sha256', secret).update('dateline/newsletter-preferences/v1').digest());
}

function signatureOf(key: PreferencesLinkKey, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);
}

function isSigned(key: PreferencesLinkKey, payload: string, given: string): boolean {
  const expected = Buffer.from(signatureOf(key, payload));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function base36(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`A preferences link names ${what} by its positive id`);
  return value.toString(36);
}

export function signUnsubscribeToken({ accountId, newsletterId }: UnsubscribeClaim, key: PreferencesLinkKey): string {
  const payload = `u1.${base36(accountId, 'an account')}.${base36(newsletterId, 'a newsletter')}`;
  return `${payload}.${signatureOf(key, payload)}`;
}

export function signPreferencesToken({ accountId }: { accountId: number }, key: PreferencesLinkKey): string {
  const payload = `p1.${base36(accountId, 'an account')}`;
  return `${payload}.${signatureOf(key, payload)}`;
}

/** Whose subscription to which newsletter a token ends, or null for one malformed or forged. */
export function readUnsubscribeToken(text: string, key: PreferencesLinkKey): UnsubscribeClaim | null {
  const match = text.length <= maximumLength ? unsubscribePattern.exec(text) : null;
  if (!match) return null;
  const [, account = '', newsletter = '', given = ''] = match;
  if (!isSigned(key, `u1.${account}.${newsletter}`, given)) return null;
  return { accountId: Number.parseInt(account, 36), newsletterId: Number.parseInt(newsletter, 36) };
}

/** Whose newsletter preferences a token opens, or null for one malformed or forged. */
export function readPreferencesToken(text: string, key: PreferencesLinkKey): { accountId: number } | null {
  const match = text.length <= maximumLength ? preferencesPattern.exec(text) : null;
  if (!match) return null;
  const [, account = '', given = ''] = match;
  return isSigned(key, `p1.${account}`, given) ? { accountId: Number.parseInt(account, 36) } : null;
}

/**
 * The headers of RFC 8058 one-click unsubscribing: the address a mail client POSTs
 * "List-Unsubscribe=One-Click" to, and the header saying it may. The address must be https in
 * production, as the RFC asks; the caller gives the site's own.
 */
export function listUnsubscribeHeaders(unsubscribeUrl: URL): Record<'List-Unsubscribe' | 'List-Unsubscribe-Post', string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl.href}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
