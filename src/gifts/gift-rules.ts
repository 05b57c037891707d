import type { GiftClaim } from './gift-token.ts';

/** How long a gift link opens its article, and how many times. */
export const giftLinkLifetimeMs = 30 * 24 * 60 * 60 * 1000;
export const giftLinkMaxOpens = 25;
/**
 * Opening the same gift again from the same browser within this long is not another open: the
 * reader who reloads, or comes back to finish the piece that day, does not use up the giver's link.
 */
export const giftReopenWindowMs = 24 * 60 * 60 * 1000;

/** Why a gift link does not open the article; each has its own message on the ordinary page. */
export type GiftRefusal = 'invalid' | 'expired' | 'revoked' | 'used-up';

/** The row of a gift link, as far as judging it goes. */
export type StoredGift = { articleId: number; expiresAt: Date; revokedAt: Date | null; opensCount: number; maxOpens: number };

export type GiftVerdict = { kind: 'open' } | { kind: 'refused'; reason: GiftRefusal };

/**
 * Is this gift link good for this article now? `claim` is the token as verified against the
 * article's id (null when it did not verify: tampered, malformed, or another article's), `stored`
 * its row (null when unknown). A revoked link says so even when it has also expired, since that is
 * what the giver did; an expired one says so before its opens are counted. A browser that opened the
 * link lately (`hasOpenedLately`) may open it again even when others have since used up its opens.
 */
export function judgeGiftLink({
  claim,
  stored,
  articleId,
  now,
  hasOpenedLately = false,
}: {
  claim: GiftClaim | null;
  stored: StoredGift | null;
  articleId: number;
  now: Date;
  hasOpenedLately?: boolean;
}): GiftVerdict {
  if (claim === null) return { kind: 'refused', reason: 'invalid' };
  if (stored === null) return { kind: 'refused', reason: claim.expiresAt <= now ? 'expired' : 'invalid' };
  if (stored.articleId !== articleId) return { kind: 'refused', reason: 'invalid' };
  if (stored.revokedAt !== null) return { kind: 'refused', reason: 'revoked' };
  if (stored.expiresAt <= now || claim.expiresAt <= now) return { kind: 'refused', reason: 'expired' };
  if (stored.opensCount >= stored.maxOpens && !hasOpenedLately) return { kind: 'refused', reason: 'used-up' };
  return { kind: 'open' };
}

/** Gifts a subscriber may still give this month. */
export function giftsLeftOf({ given, allowance }: { given: number; allowance: number }): number {
  return Math.max(0, allowance - given);
}

/** How a gift names its giver to the reader: their first name only, never their address; null for "a subscriber". */
export function giverNameOf(accountName: string): string | null {
  const [first = ''] = accountName.trim().split(/\s+/u);
  return first === '' || first.includes('@') ? null : first.slice(0, 40);
}

/**
 * The gifts this browser opened lately: gift id to when, as kept in a signed cookie ("id:time,…" in
 * base 36, seconds). Entries older than the reopen window are dropped; at most `limit` are kept, the
 * newest.
 */
export type OpenedGifts = ReadonlyMap<number, number>;

const openedEntry = /^([0-9a-z]{1,11}):([0-9a-z]{1,9})$/;
const openedLimit = 20;

export function parseOpenedGifts(value: string | null, now: Date): OpenedGifts {
  const opened = new Map<number, number>();
  if (value === null || value.length > 500) return opened;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  for (const entry of value.split(',')) {
    const match = openedEntry.exec(entry);
    if (!match) continue;
    const id = Number.parseInt(match[1] ?? '', 36);
    const at = Number.parseInt(match[2] ?? '', 36);
    if (Number.isSafeInteger(id) && id > 0 && at <= nowSeconds && nowSeconds - at < giftReopenWindowMs / 1000) opened.set(id, at);
  }
  return opened;
}

export function isOpenedLately(opened: OpenedGifts, giftId: number): boolean {
  return opened.has(giftId);
}

export function withOpenedGift(opened: OpenedGifts, giftId: number, now: Date): string {
  const entries = [...opened].filter(([id]) => id !== giftId);
  entries.push([giftId, Math.floor(now.getTime() / 1000)]);
  return entries
    .slice(-openedLimit)
    .map(([id, at]) => `${id.toString(36)}:${at.toString(36)}`)
    .join(',');
}
