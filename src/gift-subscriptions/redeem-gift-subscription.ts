import { gracePeriodMsOf, readCommerceSettings } from '../commerce/commerce-settings.ts';
import { standingOf } from '../commerce/entitlement.ts';
import { findLatestSubscription } from '../commerce/subscription-repository.ts';
import type { Database } from '../db/database.ts';
import { accessEndOf } from './gift-calendar.ts';
import { findGiftSubscription, findLiveGiftAccess, redeemGiftRow, type StoredGiftSubscription } from './gift-subscription-repository.ts';
import { readRedemptionCode, type RedemptionCodeKey } from './redemption-code.ts';
import { type CodeVerdict, judgeRedemptionCode, planRedemption, type RedemptionRefusal } from './redemption-rules.ts';

/** What checking a code found: the verdict, and the gift when the code named one of ours (its message and giver's name are shown). */
export type CheckedCode = { verdict: CodeVerdict; gift: StoredGiftSubscription | null };

/** Reads a redemption code for the redemption page: what it is and, for a signed-in reader, whether it is theirs already. */
export async function checkRedemptionCode(
  db: Database,
  { code, readerId, key }: { code: string; readerId: number | null; key: RedemptionCodeKey },
): Promise<CheckedCode> {
  const claim = readRedemptionCode(code, key);
  const gift = claim.kind === 'signed' ? ((await findGiftSubscription(db, claim.giftId)) ?? null) : null;
  const stored = gift === null ? null : { ...gift, nonce: gift.codeNonce };
  const verdict = judgeRedemptionCode({ claim, stored, readerId });
  return { verdict, gift: verdict.kind === 'refused' && verdict.reason === 'altered' ? null : gift };
}

export type RedemptionOutcome =
  | { kind: 'redeemed'; giftId: number; planId: number; months: number; startsAt: Date; accessUntil: Date }
  | { kind: 'redeemed-by-you'; giftId: number; accessUntil: Date }
  | { kind: 'refused'; reason: RedemptionRefusal | 'already-subscribed' };

/**
 * Redeems a gift subscription for a signed-in reader: access for the gift's months, from now or from
 * the end of the gift access they already have, on the publication's calendar. The row's update is
 * conditional, so a second tab or a race grants once: the loser reads the gift again and answers
 * what it finds (theirs already, or used).
 */
export async function redeemGiftSubscription(
  db: Database,
  { code, readerId, key, now, timeZone }: { code: string; readerId: number; key: RedemptionCodeKey; now: Date; timeZone: string },
): Promise<RedemptionOutcome> {
  const checked = await checkRedemptionCode(db, { code, readerId, key });
  if (checked.verdict.kind !== 'redeemable' || checked.gift === null) return outcomeOf(checked.verdict);
  const gift = checked.gift;
  const [subscription, settings, giftAccess] = await Promise.all([
    findLatestSubscription(db, readerId),
    readCommerceSettings(db),
    findLiveGiftAccess(db, readerId, now),
  ]);
  const isPaying = standingOf(subscription, { now, gracePeriodMs: gracePeriodMsOf(settings) }).kind === 'entitled';
  const plan = planRedemption({ hasPaidSubscription: isPaying, giftAccessUntil: giftAccess?.accessUntil ?? null }, now);
  if (plan.kind === 'refused') return plan;
  const accessUntil = accessEndOf(plan.startsAt, gift.months, timeZone);
  if (await redeemGiftRow(db, { id: gift.id, readerId, accessUntil }, now)) {
    return { kind: 'redeemed', giftId: gift.id, planId: gift.planId, months: gift.months, startsAt: plan.startsAt, accessUntil };
  }
  return outcomeOf((await checkRedemptionCode(db, { code, readerId, key })).verdict);
}

function outcomeOf(verdict: CodeVerdict): RedemptionOutcome {
  switch (verdict.kind) {
    case 'refused':
      return verdict;
    case 'redeemed-by-you':
      return verdict;
    case 'redeemable':
      // Still redeemable after a refused update: only a row changed back under us, which nothing does.
      return { kind: 'refused', reason: 'used' };
  }
}
