import type { Database } from '../../db/database.ts';
import { keepPaymentCard } from '../payment-cards.ts';
import { readTestCard } from './test-card.ts';

/** The month and four-digit year printed on a card, the last it pays in. */
export type CardExpiry = { month: number; year: number };

export type TestCardChange = { kind: 'kept'; last4: string } | { kind: 'declined' } | { kind: 'not-a-test-card' };

/**
 * Puts a test card on file for the reader's renewals, as Stripe's portal does: a declined card is
 * refused and the card on file stays. A past-due subscription is charged again on the job loop's
 * next pass once the card on file pays (subscription-jobs.ts).
 */
export async function keepTestCard(
  db: Database,
  { accountId, cardNumber, expiry, now }: { accountId: number; cardNumber: string; expiry: CardExpiry; now: Date },
): Promise<TestCardChange> {
  const card = readTestCard(cardNumber);
  if (card.kind === 'not-a-test-card' || card.kind === 'declined') return { kind: card.kind };
  await db.transaction().execute((trx) => storeTestCard(trx, { accountId, card, expiry, now }));
  return { kind: 'kept', last4: card.last4 };
}

/** Writes a read test card to file: the test provider's own record, and the card with its expiry; in the caller's transaction. */
export async function storeTestCard(
  db: Database,
  { accountId, card, expiry, now }: { accountId: number; card: { kind: 'succeeds' | 'declines-charges'; last4: string }; expiry: CardExpiry; now: Date },
): Promise<void> {
  const isDeclining = card.kind === 'declines-charges' ? 1 : 0;
  await db
    .insertInto('test_payment_methods')
    .values({ account_id: accountId, card_last4: card.last4, is_declining: isDeclining, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ card_last4: card.last4, is_declining: isDeclining, updated_at: now.toISOString() }))
    .execute();
  await keepPaymentCard(db, { accountId, provider: 'test', last4: card.last4, expiryMonth: expiry.month, expiryYear: expiry.year }, now);
}

/** Whether the test card on file pays what it is charged now: without a card on file, nothing pays. */
export async function isTestCardPaying(db: Database, accountId: number): Promise<boolean> {
  const card = await db.selectFrom('test_payment_methods').select('is_declining').where('account_id', '=', accountId).executeTakeFirst();
  return card?.is_declining === 0;
}
