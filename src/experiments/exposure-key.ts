import { createHmac, type KeyObject } from 'node:crypto';

/**
 * The pseudonymous key an exposure is recorded under: an HMAC, keyed from the server secret, of the
 * account (a registered reader) or of the browser's visitor id and the month (an anonymous one, so
 * the key changes every month). It follows the ledger's reader key, so that an exposure and the
 * registration or subscription that follows it meet in the readout.
 */
export function exposureKeyOf(secret: KeyObject, who: { accountId: number } | { visitorId: string; period: string }): string {
  const subject = 'accountId' in who ? `account/${who.accountId}` : `visitor/${who.visitorId}/${who.period}`;
  return createHmac('sha256', secret).update(`dateline/reader-key/v1/${subject}`).digest('base64url').slice(0, 32);
}
