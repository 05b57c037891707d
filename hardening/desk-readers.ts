import { insertAccount } from '../src/accounts/account-repository.ts';
import { recordPayment } from '../src/commerce/payment-ledger.ts';
import { insertSubscription } from '../src/commerce/subscription-repository.ts';
import type { Database } from '../src/db/database.ts';
import { insertComplimentaryAccess } from '../src/readers/complimentary-access-repository.ts';

const day = 86_400_000;

/**
 * A reader every desk action applies to: on a test-mode trial with two weeks to run, a charge
 * taken (to refund) and complimentary access given (to revoke). Shared by the hardening checks.
 */
export async function deskReaderOf(db: Database, email: string, now: Date): Promise<{ id: number; grantId: number; chargeId: number }> {
  const id = await insertAccount(db, { email, name: 'Desk Reader', passwordHash: null, role: 'reader', now });
  const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
  const trialEnd = new Date(now.getTime() + 14 * day);
  const subscriptionId = await insertSubscription(
    db,
    {
      accountId: id,
      planId: plan.id,
      offerId: null,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status: 'trialing', currentPeriodEnd: trialEnd, trialEnd, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
  const chargeId = await recordPayment(db, {
    accountId: id,
    subscriptionId,
    provider: 'test',
    providerPaymentId: null,
    kind: 'charge',
    status: 'succeeded',
    amountMinor: 300,
    currency: 'USD',
    refundOf: null,
    occurredAt: new Date(now.getTime() - day),
  });
  const grantId = await insertComplimentaryAccess(db, { accountId: id, startsAt: now, endsAt: null, reason: 'Press pass', grantedBy: null }, now);
  return { id, grantId, chargeId };
}
