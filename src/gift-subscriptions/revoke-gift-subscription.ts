import type { Account } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors/domain-error.ts';
import { recordAudit } from '../newsroom/audit-log.ts';
import { recordReaderEvent } from '../readers/reader-events.ts';
import { canRevokeGift, isGiftAccessLive } from './gift-subscription.ts';
import { findGiftSubscription, revokeGiftRow, type StoredGiftSubscription } from './gift-subscription-repository.ts';

export class GiftRevocationError extends DomainError {
  override name = 'GiftRevocationError';
  constructor(message: string, meaning: { kind: 'not-found' } | { kind: 'conflict' }) {
    super(message, meaning);
  }
}

/** The audit log names a gift by number: its buyer's and recipient's addresses are not the log's to keep. */
export const giftAuditSubjectOf = (gift: Pick<StoredGiftSubscription, 'id'>) => `gift subscription #${gift.id}`;

/**
 * The desk revokes a gift for a reason: its code redeems nothing from now on, and a redeemed gift's
 * access ends at once (the reader's identity is read afresh after any change the newsroom posts).
 * The audit log keeps who, when and why; the timeline of the reader who redeemed it, and of the
 * buyer's account, says so. `reason` is already checked (parseReason).
 */
export async function revokeGiftSubscription(
  db: Database,
  { giftId, staff, reason, now }: { giftId: number; staff: Account; reason: string; now: Date },
): Promise<{ gift: StoredGiftSubscription; endedAccess: boolean }> {
  return db.transaction().execute(async (trx) => {
    const gift = await findGiftSubscription(trx, giftId);
    if (!gift) throw new GiftRevocationError('There is no such gift subscription.', { kind: 'not-found' });
    if (!canRevokeGift(gift) || !(await revokeGiftRow(trx, { id: gift.id, by: staff.id, reason }, now))) {
      throw new GiftRevocationError('That gift subscription is already revoked.', { kind: 'conflict' });
    }
    const endedAccess = isGiftAccessLive(gift, now);
    await recordAudit(trx, {
      actor: staff,
      action: 'revoked gift subscription',
      subject: giftAuditSubjectOf(gift),
      detail: `${gift.months} months${endedAccess ? ', access ended' : ''}. Reason: ${reason}`,
      now,
    });
    const event = { kind: 'gift-subscription-revoked', giftId: gift.id, months: gift.months, endedAccess, reason } as const;
    if (gift.redeemedBy !== null)
      await recordReaderEvent(trx, { accountId: gift.redeemedBy, event: { ...event, side: 'received' }, at: now, actorId: staff.id });
    if (gift.buyerAccountId !== null && gift.buyerAccountId !== gift.redeemedBy) {
      await recordReaderEvent(trx, { accountId: gift.buyerAccountId, event: { ...event, side: 'bought' }, at: now, actorId: staff.id });
    }
    return { gift: { ...gift, revokedAt: now, revokeReason: reason }, endedAccess };
  });
}
