import type { InsightLedger } from '../insights/insight-ledger.ts';
import { accountReader } from '../insights/reader-key.ts';
import type { StoredGiftSubscription } from './gift-subscription-repository.ts';

/** A gift's sale, once its payment is confirmed: once per gift, however many instances confirm it. */
export function recordGiftBought(ledger: InsightLedger, { gift, at }: { gift: StoredGiftSubscription; at: Date }): void {
  ledger.record({
    kind: 'gift-bought',
    months: gift.months,
    amountMinor: gift.priceMinor,
    currency: gift.currency,
    planId: gift.planId,
    reader: gift.buyerAccountId === null ? null : accountReader(gift.buyerAccountId),
    at,
    onceKey: `gift-${gift.id}`,
  });
}

/** A gift redeemed, by its redeemer: once per gift, as a code redeems once. */
export function recordGiftRedeemed(
  ledger: InsightLedger,
  { giftId, planId, months, readerId, at }: { giftId: number; planId: number; months: number; readerId: number; at: Date },
): void {
  ledger.record({ kind: 'gift-redeemed', months, planId, reader: accountReader(readerId), at, onceKey: `gift-${giftId}` });
}
