import type { Money } from '../commerce/money.ts';
import type { Database } from '../db/database.ts';
import type { SubscriptionStatus } from '../commerce/subscription.ts';

/**
 * The desk's dunning figures: of the payments that failed each month, how many were recovered (a
 * later charge on the same subscription went through) and how many were lost (the subscription
 * ended without one); the rest are still open, in their grace period or being retried.
 */

/** A line of the ledger as the figures need it: charges only, of subscriptions that had a failure. */
export type LedgerCharge = { subscriptionId: number; status: 'succeeded' | 'failed'; amountMinor: number; currency: string; occurredAt: Date };

export type RecoveryMonth = {
  /** The calendar month the payment first failed in, in the publication's time zone: "2026-11". */
  month: string;
  failed: number;
  recovered: number;
  lost: number;
  open: number;
  /** Sums per currency, in the order the currencies first appear. */
  recoveredAmounts: Money[];
  lostAmounts: Money[];
};

function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((part) => part.type === 'year')?.value}-${parts.find((part) => part.type === 'month')?.value}`;
}

function addTo(amounts: Money[], { amountMinor, currency }: Money): void {
  const same = amounts.find((amount) => amount.currency === currency);
  if (same) same.amountMinor += amountMinor;
  else amounts.push({ amountMinor, currency });
}

/**
 * Folds the ledger into the figures. A spell of failing starts at a failed charge and ends at the
 * next charge that goes through (recovered, counted by the amount taken); retries failing in
 * between belong to the same spell. A spell still unresolved is lost once its subscription has
 * expired, and open otherwise. Months come newest first.
 */
export function tallyRecovery(
  charges: readonly LedgerCharge[],
  { statusOf, timeZone }: { statusOf: (subscriptionId: number) => SubscriptionStatus | undefined; timeZone: string },
): RecoveryMonth[] {
  const months = new Map<string, RecoveryMonth>();
  const monthFor = (at: Date): RecoveryMonth => {
    const month = monthOf(at, timeZone);
    let figures = months.get(month);
    if (!figures) {
      figures = { month, failed: 0, recovered: 0, lost: 0, open: 0, recoveredAmounts: [], lostAmounts: [] };
      months.set(month, figures);
    }
    return figures;
  };
  const failing = new Map<number, LedgerCharge>();
  const inOrder = [...charges].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const charge of inOrder) {
    const spell = failing.get(charge.subscriptionId);
    if (charge.status === 'failed') {
      if (spell) continue;
      failing.set(charge.subscriptionId, charge);
      monthFor(charge.occurredAt).failed += 1;
    } else if (spell) {
      const figures = monthFor(spell.occurredAt);
      figures.recovered += 1;
      addTo(figures.recoveredAmounts, charge);
      failing.delete(charge.subscriptionId);
    }
  }
  for (const [subscriptionId, spell] of failing) {
    const figures = monthFor(spell.occurredAt);
    if (statusOf(subscriptionId) === 'expired') {
      figures.lost += 1;
      addTo(figures.lostAmounts, spell);
    } else {
      figures.open += 1;
    }
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/**
 * The ledger's charges the figures are folded from: those of subscriptions with a failed charge
 * since `since`, from then on. Only subscriptions that failed are read, so the work grows with the
 * failures, not with the subscribers.
 */
export async function readRecoveryLedger(
  db: Database,
  { since }: { since: Date },
): Promise<{ charges: LedgerCharge[]; statusOf: (subscriptionId: number) => SubscriptionStatus | undefined }> {
  const rows = await db
    .selectFrom('payments')
    .innerJoin('subscriptions', 'subscriptions.id', 'payments.subscription_id')
    .select([
      'payments.subscription_id as subscriptionId',
      'payments.status',
      'payments.amount_minor as amountMinor',
      'payments.currency',
      'payments.occurred_at as occurredAt',
      'subscriptions.status as subscriptionStatus',
    ])
    .where('payments.kind', '=', 'charge')
    .where('payments.occurred_at', '>=', since.toISOString())
    .where('payments.subscription_id', 'in', (eb) =>
      eb
        .selectFrom('payments as failed')
        .select('failed.subscription_id')
        .where('failed.kind', '=', 'charge')
        .where('failed.status', '=', 'failed')
        .where('failed.occurred_at', '>=', since.toISOString())
        .where('failed.subscription_id', 'is not', null),
    )
    .execute();
  const statuses = new Map<number, SubscriptionStatus>();
  const charges: LedgerCharge[] = [];
  for (const row of rows) {
    if (row.subscriptionId === null) continue;
    statuses.set(row.subscriptionId, row.subscriptionStatus);
    charges.push({
      subscriptionId: row.subscriptionId,
      status: row.status,
      amountMinor: row.amountMinor,
      currency: row.currency,
      occurredAt: new Date(row.occurredAt),
    });
  }
  return { charges, statusOf: (subscriptionId) => statuses.get(subscriptionId) };
}
