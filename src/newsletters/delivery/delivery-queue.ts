import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';
import type { FailureOutcome } from './delivery-rules.ts';

/**
 * A delivery this sender has claimed. `leaseUntil` is also the claim's mark: every later change
 * to the row is made only where the lease is still this one, so a sender whose lease ran out and
 * was taken over changes nothing.
 */
export type ClaimedDelivery = {
  id: number;
  sendId: number;
  accountId: number;
  email: string;
  isSuppressed: boolean;
  attempts: number;
  leaseUntil: string;
};

/**
 * Claims up to `limit` deliveries of sends being sent: queued ones whose wait is over, and claimed
 * ones whose lease has run out (their sender died before recording them sent, so the server never
 * completed their message: docs/decisions/0036). One UPDATE … WHERE id IN (SELECT … LIMIT): on
 * PostgreSQL the inner select takes its rows FOR UPDATE SKIP LOCKED, so instances claiming at once
 * get different rows without waiting on each other; on SQLite the statement runs under the single
 * writer's lock, so two can never take one row.
 */
export async function claimDeliveries(
  db: Kysely<Tables>,
  dialect: Dialect,
  { now, leaseMs, limit }: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const stamp = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  const claimed = await sql<{ id: number; send_id: number; account_id: number; attempts: number }>`
    update newsletter_deliveries set status = 'sending', lease_until = ${leaseUntil}, attempts = attempts + 1
    where id in (
      select delivery.id from newsletter_deliveries delivery
      where delivery.send_id in (select id from newsletter_sends where status = 'sending')
        and delivery.status in ('queued', 'sending')
        and (delivery.lease_until is null or delivery.lease_until <= ${stamp})
      order by delivery.send_id, delivery.id
      limit ${limit}
      ${dialect === 'postgres' ? sql`for update of delivery skip locked` : sql``}
    )
    returning id, send_id, account_id, attempts`.execute(db);
  if (claimed.rows.length === 0) return [];
  const addresses = await db
    .selectFrom('accounts')
    .leftJoin('email_suppressions', 'email_suppressions.email', 'accounts.email')
    .select(['accounts.id', 'accounts.email', 'email_suppressions.email as suppressed'])
    .where(
      'accounts.id',
      'in',
      claimed.rows.map((row) => row.account_id),
    )
    .execute();
  const byAccount = new Map(addresses.map((address) => [address.id, address]));
  return claimed.rows
    .map((row) => {
      const address = byAccount.get(row.account_id);
      return {
        id: Number(row.id),
        sendId: Number(row.send_id),
        accountId: Number(row.account_id),
        email: address?.email ?? '',
        isSuppressed: address?.suppressed != null,
        attempts: Number(row.attempts),
        leaseUntil,
      };
    })
    .sort((first, second) => first.id - second.id);
}

/** A delivery whose message the server has taken, all but its final dot, and the variant it was. */
export type HandedOver = Pick<ClaimedDelivery, 'id' | 'leaseUntil'> & { variant: DeliveryVariant };

/**
 * Records handed-over deliveries as sent, in one statement, each only if it is still its claim's;
 * answers the ids it recorded. A message's final dot is written only if its id is among them.
 */
export async function recordSent(db: Kysely<Tables>, deliveries: readonly HandedOver[], { now }: { now: Date }): Promise<Set<number>> {
  if (deliveries.length === 0) return new Set();
  const full = deliveries.filter((delivery) => delivery.variant === 'full').map((delivery) => delivery.id);
  const byLease = new Map<string, number[]>();
  for (const delivery of deliveries) byLease.set(delivery.leaseUntil, [...(byLease.get(delivery.leaseUntil) ?? []), delivery.id]);
  const recorded = await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({
      status: 'sent',
      sent_at: now.toISOString(),
      error: null,
      variant:
        full.length === 0 ? 'preview' : eb.case().when('id', 'in', full).then(eb.val<DeliveryVariant>('full')).else(eb.val<DeliveryVariant>('preview')).end(),
    }))
    .where('status', '=', 'sending')
    .where((eb) => eb.or([...byLease].map(([leaseUntil, ids]) => eb.and([eb('lease_until', '=', leaseUntil), eb('id', 'in', ids)]))))
    .returning('id')
    .execute();
  return new Set(recorded.map((row) => Number(row.id)));
}

/**
 * Records what became of a delivery the server did not take: back to the queue to wait, or failed.
 * `wasRecordedSent`: the failure came after the hand-over, when the row already says sent.
 */
export async function recordFailure(
  db: Kysely<Tables>,
  delivery: Pick<ClaimedDelivery, 'id' | 'leaseUntil'>,
  { outcome, wasRecordedSent }: { outcome: FailureOutcome; wasRecordedSent: boolean },
): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set(
      outcome.status === 'queued'
        ? { status: 'queued', lease_until: outcome.retryAt.toISOString(), error: outcome.error, sent_at: null }
        : { status: 'failed', error: outcome.error, sent_at: null },
    )
    .where('id', '=', delivery.id)
    .where('status', '=', wasRecordedSent ? 'sent' : 'sending')
    .where('lease_until', '=', delivery.leaseUntil)
    .execute();
}

/** A claimed delivery that is not to be mailed after all: the address is suppressed, or the reader left the newsletter's audience. */
export async function recordNotMailed(db: Kysely<Tables>, delivery: Pick<ClaimedDelivery, 'id' | 'leaseUntil'>, reason: string): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({ status: 'suppressed', error: reason })
    .where('id', '=', delivery.id)
    .where('status', '=', 'sending')
    .where('lease_until', '=', delivery.leaseUntil)
    .execute();
}

/** Hands back claimed deliveries a stopping sender did not begin, so another takes them at once rather than after the lease. */
export async function releaseClaims(db: Kysely<Tables>, deliveries: readonly Pick<ClaimedDelivery, 'id' | 'leaseUntil'>[]): Promise<void> {
  for (const delivery of deliveries) {
    await db
      .updateTable('newsletter_deliveries')
      .set({ status: 'queued', lease_until: null, attempts: sql`attempts - 1` })
      .where('id', '=', delivery.id)
      .where('status', '=', 'sending')
      .where('lease_until', '=', delivery.leaseUntil)
      .execute();
  }
}
