import type { Database } from '../db/database.ts';
import type { CommerceTables, PaymentProviderKind } from './commerce-tables.ts';

/** One line of the payment ledger: a charge (taken or failed) or a refund. */
export type Payment = {
  id: number;
  /** Null once the reader has been deleted: the ledger outlives them without naming them. */
  accountId: number | null;
  subscriptionId: number | null;
  provider: PaymentProviderKind;
  providerPaymentId: string | null;
  kind: 'charge' | 'refund';
  status: 'succeeded' | 'failed';
  amountMinor: number;
  currency: string;
  refundOf: number | null;
  occurredAt: Date;
};

type PaymentRow = Omit<CommerceTables['payments'], 'id'> & { id: number };

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    accountId: row.account_id,
    subscriptionId: row.subscription_id,
    provider: row.provider,
    providerPaymentId: row.provider_payment_id,
    kind: row.kind,
    status: row.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    refundOf: row.refund_of,
    occurredAt: new Date(row.occurred_at),
  };
}

/**
 * Writes a line to the ledger. A provider's payment is recorded once however often its event
 * arrives: a second record of the same provider id changes nothing and returns the first line's id.
 */
export async function recordPayment(db: Database, payment: Omit<Payment, 'id'>): Promise<number> {
  const inserted = await db
    .insertInto('payments')
    .values({
      account_id: payment.accountId,
      subscription_id: payment.subscriptionId,
      provider: payment.provider,
      provider_payment_id: payment.providerPaymentId,
      kind: payment.kind,
      status: payment.status,
      amount_minor: payment.amountMinor,
      currency: payment.currency,
      refund_of: payment.refundOf,
      occurred_at: payment.occurredAt.toISOString(),
    })
    .onConflict((conflict) => conflict.column('provider_payment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db.selectFrom('payments').select('id').where('provider_payment_id', '=', payment.providerPaymentId).executeTakeFirstOrThrow();
  return existing.id;
}

/** A reader's payments, newest first. */
export async function listPaymentsOf(db: Database, accountId: number): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('account_id', '=', accountId).orderBy('occurred_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toPayment);
}

/** The reader's newest charge that went through and has not been refunded: what "refund the last payment" pays back. */
export async function findLastRefundableCharge(db: Database, accountId: number): Promise<Payment | undefined> {
  const row = await db
    .selectFrom('payments as charge')
    .selectAll('charge')
    .where('charge.account_id', '=', accountId)
    .where('charge.kind', '=', 'charge')
    .where('charge.status', '=', 'succeeded')
    .where('charge.amount_minor', '>', 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('payments as refund').select('refund.id').whereRef('refund.refund_of', '=', 'charge.id'))))
    .orderBy('charge.occurred_at', 'desc')
    .orderBy('charge.id', 'desc')
    .executeTakeFirst();
  return row ? toPayment(row) : undefined;
}
