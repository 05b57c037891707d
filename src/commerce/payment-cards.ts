import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PaymentProviderKind } from './commerce-tables.ts';

/** The card a reader pays with, as far as Dateline needs it: which one, and when it runs out. */
export type PaymentCard = {
  accountId: number;
  provider: PaymentProviderKind;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  expiryWarnedAt: Date | null;
};

/**
 * Keeps the reader's card on file. A card with another expiry is a new card, to be warned about
 * in its turn; the same card told again (Stripe repeats itself) keeps its warning.
 */
export async function keepPaymentCard(db: Database, card: Omit<PaymentCard, 'expiryWarnedAt'>, now: Date): Promise<void> {
  await db
    .insertInto('payment_cards')
    .values({
      account_id: card.accountId,
      provider: card.provider,
      card_last4: card.last4,
      expiry_month: card.expiryMonth,
      expiry_year: card.expiryYear,
      expiry_warned_at: null,
      updated_at: now.toISOString(),
    })
    .onConflict((conflict) =>
      conflict.column('account_id').doUpdateSet({
        provider: card.provider,
        card_last4: card.last4,
        expiry_month: card.expiryMonth,
        expiry_year: card.expiryYear,
        expiry_warned_at: sql<
          string | null
        >`case when payment_cards.expiry_month = ${card.expiryMonth} and payment_cards.expiry_year = ${card.expiryYear} and payment_cards.card_last4 = ${card.last4} then payment_cards.expiry_warned_at else null end`,
        updated_at: now.toISOString(),
      }),
    )
    .execute();
}

export async function findPaymentCard(db: Database, accountId: number): Promise<PaymentCard | undefined> {
  const row = await db.selectFrom('payment_cards').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  return row
    ? {
        accountId: row.account_id,
        provider: row.provider,
        last4: row.card_last4,
        expiryMonth: row.expiry_month,
        expiryYear: row.expiry_year,
        expiryWarnedAt: row.expiry_warned_at === null ? null : new Date(row.expiry_warned_at),
      }
    : undefined;
}

/** Marks the card's holder as warned; false when another instance did so first, which then sends the mail. */
export async function markCardExpiryWarned(db: Database, accountId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('payment_cards')
    .set({ expiry_warned_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('expiry_warned_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
