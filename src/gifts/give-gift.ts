import type { AccessSettings } from '../access/access-settings.ts';
import { meterPeriodOf } from '../access/meter.ts';
import type { Reader } from '../access/reader.ts';
import { hashToken } from '../accounts/tokens.ts';
import type { AccessLevel } from '../content/access-level.ts';
import type { Database, Dialect } from '../db/database.ts';
import { countGiftsGiven, insertGiftWithinAllowance } from './gift-link-repository.ts';
import { giftLinkLifetimeMs, giftLinkMaxOpens, giftsLeftOf } from './gift-rules.ts';
import { newGiftNonce, signGiftToken, type GiftLinkKey } from './gift-token.ts';

export type GiftContext = { db: Database; dialect: Dialect; giftLinkKey: GiftLinkKey };

/** Why a gift was not given. */
export type GiftRefusedReason = 'not-a-subscriber' | 'free-article' | 'gifts-off' | 'allowance-spent';

export type GiveGiftResult = { kind: 'given'; giftId: number; token: string; expiresAt: Date } | { kind: 'refused'; reason: GiftRefusedReason };

/** Only subscribers give gifts: staff and crawlers read everything, but the allowance is a subscriber's. */
export function canGiveGifts(reader: Reader): reader is Extract<Reader, { kind: 'subscriber' }> {
  return reader.kind === 'subscriber';
}

/** An article worth a gift: one an ordinary reader cannot read in full without paying or counting. */
export function isGiftable(access: AccessLevel): boolean {
  return access !== 'free';
}

/** How many gifts the subscriber has given this month (the publication's month) and has left. */
export async function readGiftAllowance(
  db: Database,
  { accountId, settings, timeZone, now }: { accountId: number; settings: Pick<AccessSettings, 'giftsPerMonth'>; timeZone: string; now: Date },
): Promise<{ given: number; left: number; allowance: number }> {
  const given = await countGiftsGiven(db, accountId, meterPeriodOf(now, timeZone));
  return { given, left: giftsLeftOf({ given, allowance: settings.giftsPerMonth }), allowance: settings.giftsPerMonth };
}

/**
 * A subscriber gives one article: a new signed link, counted against this month's allowance in the
 * same atomic step that records it, so parallel requests never give more than the allowance.
 */
export async function giveGift(
  { db, dialect, giftLinkKey }: GiftContext,
  {
    reader,
    article,
    settings,
    timeZone,
    now,
  }: { reader: Reader; article: { id: number; access: AccessLevel }; settings: Pick<AccessSettings, 'giftsPerMonth'>; timeZone: string; now: Date },
): Promise<GiveGiftResult> {
  if (!canGiveGifts(reader)) return { kind: 'refused', reason: 'not-a-subscriber' };
  if (settings.giftsPerMonth === 0) return { kind: 'refused', reason: 'gifts-off' };
  if (!isGiftable(article.access)) return { kind: 'refused', reason: 'free-article' };
  // Whole seconds: the token carries its expiry in seconds, and the row must say the same.
  const expiresAt = new Date(Math.floor((now.getTime() + giftLinkLifetimeMs) / 1000) * 1000);
  const token = signGiftToken({ articleId: article.id, expiresAt, nonce: newGiftNonce() }, giftLinkKey);
  const giftId = await insertGiftWithinAllowance(db, dialect, {
    accountId: reader.readerId,
    articleId: article.id,
    tokenHash: hashToken(token),
    period: meterPeriodOf(now, timeZone),
    expiresAt,
    maxOpens: giftLinkMaxOpens,
    allowance: settings.giftsPerMonth,
    now,
  });
  return giftId === null ? { kind: 'refused', reason: 'allowance-spent' } : { kind: 'given', giftId, token, expiresAt };
}
