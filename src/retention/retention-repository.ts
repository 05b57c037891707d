import type { Database } from '../db/database.ts';
import { readSettingsGroup, writeSettingsGroup } from '../settings/settings-repository.ts';
import type { CancellationReason } from './cancellation-reasons.ts';
import { parseRetentionSettings, storedRetentionSettings, type RetentionSettings, type RetentionTaken } from './retention-offer.ts';
import type { CancellationOutcome, RetentionOfferKind } from './retention-tables.ts';

export async function readRetentionSettings(db: Database): Promise<RetentionSettings> {
  return readSettingsGroup(db, 'retention', parseRetentionSettings);
}

export async function writeRetentionSettings(db: Database, settings: RetentionSettings, now: Date): Promise<void> {
  // Stored flat, as the form sends it, and checked on the way in as on the way out.
  await writeSettingsGroup(db, 'retention', storedRetentionSettings(settings), (flat) => storedRetentionSettings(parseRetentionSettings(flat)), now);
}

/** What a reader said on their way out, the offer they were shown, and how it ended. */
export async function recordCancellationReason(
  db: Database,
  input: CancellationReason & { accountId: number; subscriptionId: number; offerKind: RetentionOfferKind | null; outcome: CancellationOutcome; now: Date },
): Promise<void> {
  await db
    .insertInto('cancellation_reasons')
    .values({
      account_id: input.accountId,
      subscription_id: input.subscriptionId,
      reason: input.reason,
      comment: input.comment,
      offer_kind: input.offerKind,
      outcome: input.outcome,
      created_at: input.now.toISOString(),
    })
    .execute();
}

export async function hasTakenRetentionOffer(db: Database, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('retention_redemptions').select('id').where('account_id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}

/** Remembers the offer a reader took; false when they had already taken one (a reader takes one, ever). */
export async function insertRetentionRedemption(
  db: Database,
  { accountId, subscriptionId, taken, now }: { accountId: number; subscriptionId: number; taken: RetentionTaken; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('retention_redemptions')
    .values({
      account_id: accountId,
      subscription_id: subscriptionId,
      kind: taken.kind,
      percent_off: taken.kind === 'discount' ? taken.percentOff : null,
      periods_left: taken.kind === 'discount' ? taken.periodsLeft : null,
      paused_until: taken.kind === 'pause' ? taken.pausedUntil.toISOString() : null,
      created_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.column('account_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The retention offer taken on a subscription, as its renewals honour it; null when none was. */
export async function findRetentionTaken(db: Database, subscriptionId: number): Promise<(RetentionTaken & { id: number }) | null> {
  const row = await db.selectFrom('retention_redemptions').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id', 'desc').executeTakeFirst();
  if (!row) return null;
  if (row.kind === 'pause' && row.paused_until !== null) return { id: row.id, kind: 'pause', pausedUntil: new Date(row.paused_until) };
  if (row.kind === 'discount' && row.percent_off !== null && row.periods_left !== null) {
    return { id: row.id, kind: 'discount', percentOff: row.percent_off, periodsLeft: row.periods_left };
  }
  return null;
}

export async function setDiscountedPeriodsLeft(db: Database, { id, periodsLeft }: { id: number; periodsLeft: number }): Promise<void> {
  await db.updateTable('retention_redemptions').set({ periods_left: periodsLeft }).where('id', '=', id).execute();
}

/** The reasons given over a span, counted by reason and outcome, for the audience team. */
export async function countCancellationReasons(
  db: Database,
  { from, to }: { from: Date; to: Date },
): Promise<{ reason: string | null; outcome: CancellationOutcome; count: number }[]> {
  const rows = await db
    .selectFrom('cancellation_reasons')
    .select(['reason', 'outcome', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
    .where('created_at', '>=', from.toISOString())
    .where('created_at', '<=', to.toISOString())
    .groupBy(['reason', 'outcome'])
    .execute();
  return rows.map((row) => ({ reason: row.reason, outcome: row.outcome, count: Number(row.count) }));
}
