import { AccountError } from './account-errors.ts';

/** What every table of one-time links keeps of one: when it was used, if it was, and when it ends. */
type StoredLink = { used_at: string | null; expires_at: string };

/** Refuses a link that cannot be followed now: unknown, already used, or expired, in that order. */
export function refuseUnusableLink(link: StoredLink | undefined, now: Date): asserts link is StoredLink {
  if (!link) throw new AccountError('link-invalid');
  if (link.used_at !== null) throw new AccountError('link-used');
  if (link.expires_at <= now.toISOString()) throw new AccountError('link-expired');
}

/** Why a link could not be claimed: it is unknown, or, as it was not free to claim, used or expired. */
export function unclaimedLinkError(link: Pick<StoredLink, 'used_at'> | undefined): AccountError {
  if (!link) return new AccountError('link-invalid');
  return new AccountError(link.used_at === null ? 'link-expired' : 'link-used');
}
