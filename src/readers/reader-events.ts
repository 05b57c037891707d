import type { Database } from '../db/database.ts';

/**
 * What happens in a reader's life with the publication that no other table records as it
 * happens. Each kind carries what its line on the timeline needs; payments, mails, devices and
 * gifts are read from their own tables.
 */
export type ReaderEvent =
  /** Labels and newsletter consent as the file had them: Dateline keeps them here, having no labels or newsletters of its own yet. */
  | { kind: 'imported'; from: 'ghost' | 'dateline'; labels: string[]; subscribedToEmails: boolean }
  | { kind: 'subscribed'; planName: string; offerHeadline: string | null; trialEnd: string | null }
  | { kind: 'canceled'; atPeriodEnd: boolean; reason: string | null }
  | { kind: 'resubscribed'; planName: string }
  /** A retention offer taken on the way out: a discount on the next renewals, or payments paused until a day. */
  | { kind: 'retention-offer-accepted'; offer: 'discount' | 'pause'; percentOff: number | null; periods: number | null; pausedUntil: string | null }
  | { kind: 'complimentary-given'; until: string | null; reason: string }
  | { kind: 'complimentary-revoked' }
  | { kind: 'trial-extended'; until: string }
  | { kind: 'refunded'; amountMinor: number; currency: string }
  | { kind: 'login-link-sent' }
  /** The desk stopped the links in every newsletter sent to the reader so far from reading as them. */
  | { kind: 'newsletter-links-revoked'; deliveries: number }
  /** The desk asked to move the reader to a new address; it changes once the link mailed there is followed. */
  | { kind: 'email-change-requested'; to: string }
  | { kind: 'email-changed'; from: string; to: string }
  | { kind: 'data-downloaded' }
  /** The desk stopped every newsletter to the reader's address by hand, or let them go to it again. */
  | { kind: 'newsletters-suppressed' }
  | { kind: 'newsletters-unsuppressed' }
  | { kind: 'deletion-requested' }
  /** A seat taken in an organisation (src/organisations): by invitation, a proven address of its domains, staff, or as its buyer. */
  | { kind: 'organisation-joined'; organisation: string; joinedBy: 'invitation' | 'domain' | 'staff' | 'purchase' }
  | { kind: 'organisation-left'; organisation: string }
  /** The desk revoked a gift subscription the reader redeemed (`received`; `endedAccess` when it was still running) or bought. */
  | { kind: 'gift-subscription-revoked'; giftId: number; months: number; side: 'received' | 'bought'; endedAccess: boolean; reason: string };

export type RecordedReaderEvent = ReaderEvent & { id: number; accountId: number; occurredAt: Date; actorId: number | null };

/** Adds an event to the reader's history; in the same transaction as the change it records, where there is one. */
export async function recordReaderEvent(
  db: Database,
  { accountId, event, at, actorId = null }: { accountId: number; event: ReaderEvent; at: Date; actorId?: number | null },
): Promise<void> {
  const { kind, ...detail } = event;
  await db
    .insertInto('reader_events')
    .values({ account_id: accountId, kind, occurred_at: at.toISOString(), actor_id: actorId, detail: JSON.stringify(detail) })
    .execute();
}

/** The reader's history, newest first. */
export async function listReaderEvents(db: Database, accountId: number): Promise<RecordedReaderEvent[]> {
  const rows = await db
    .selectFrom('reader_events')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    ...(JSON.parse(row.detail) as object),
    kind: row.kind,
    id: row.id,
    accountId: row.account_id,
    occurredAt: new Date(row.occurred_at),
    actorId: row.actor_id,
  })) as RecordedReaderEvent[];
}
