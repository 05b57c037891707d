import { findPlanById } from '../commerce/catalogue-repository.ts';
import { isTestCardPaying } from '../commerce/test-mode/test-card-on-file.ts';
import type { CommerceContext } from '../commerce/commerce-context.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../commerce/commerce-settings.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import { applySeatBillingEvent, dueSeatBillingStep, seatsPriceMinor } from './seat-purchase-rules.ts';
import { keepContractInStep, seatSubscriptionColumns, toSeatSubscription } from './seat-subscription.ts';

/**
 * Test mode's renewals of companies' subscriptions, on the job loop: a period over is charged the
 * plan's price times the contract's seats to the buyer's card on file and the contract moves on a
 * period; an unpaid one is past due and tried again each pass through the grace period; a canceled
 * one, or one whose grace ran out, ends, and with it the contract. Gives how many renewed.
 */
export async function runSeatRenewals(ctx: CommerceContext, now: Date): Promise<{ renewed: number; failed: number; ended: number }> {
  const report = { renewed: 0, failed: 0, ended: 0 };
  const gracePeriodMs = gracePeriodMsOf(await readCommerceSettings(ctx.db));
  const due = await ctx.db
    .selectFrom('organisation_subscriptions')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_subscriptions.organisation_id')
    .select(seatSubscriptionColumns.map((column) => `organisation_subscriptions.${column}` as const))
    .select(['organisation_contracts.plan_id', 'organisation_contracts.seats'])
    .where('organisation_subscriptions.provider', '=', 'test')
    .where('organisation_subscriptions.status', '<>', 'ended')
    .where('organisation_subscriptions.current_period_end', '<=', now.toISOString())
    .execute();
  for (const row of due) {
    const subscription = toSeatSubscription(row);
    const step = dueSeatBillingStep(subscription, { now, gracePeriodMs });
    if (step === 'none') continue;
    const { organisationId } = subscription;
    if (step === 'end') {
      const billing = applySeatBillingEvent(subscription, { type: 'ended' });
      await ctx.db.transaction().execute((trx) => keepContractInStep(trx, { organisationId, billing, gracePeriodMs, now }));
      report.ended += 1;
      continue;
    }
    const plan = await findPlanById(ctx.db, row.plan_id);
    if (!plan || subscription.buyerAccountId === null) continue;
    const buyerAccountId = subscription.buyerAccountId;
    const isPaid = await isTestCardPaying(ctx.db, buyerAccountId);
    // A past-due renewal is tried again only once the buyer has put in a card that pays, so a failing card is not charged every pass.
    if (!isPaid && subscription.status === 'past_due') continue;
    const amountMinor = seatsPriceMinor({ priceMinor: plan.priceMinor, seats: row.seats });
    const billing = applySeatBillingEvent(subscription, isPaid ? { type: 'renewal-paid', interval: plan.interval } : { type: 'renewal-failed', at: now });
    await ctx.db.transaction().execute(async (trx) => {
      // Moved only from the state read: another instance's pass that moved it first leaves nothing to do.
      const claimed = await trx
        .updateTable('organisation_subscriptions')
        .set({ updated_at: now.toISOString() })
        .where('organisation_id', '=', organisationId)
        .where('status', '=', subscription.status)
        .where('current_period_end', '=', subscription.currentPeriodEnd.toISOString())
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      await keepContractInStep(trx, { organisationId, billing, gracePeriodMs, now });
      await recordPayment(trx, {
        accountId: buyerAccountId,
        subscriptionId: null,
        provider: 'test',
        providerPaymentId: null,
        kind: 'charge',
        status: isPaid ? 'succeeded' : 'failed',
        amountMinor,
        currency: plan.currency,
        refundOf: null,
        occurredAt: now,
      });
      if (isPaid) report.renewed += 1;
      else report.failed += 1;
    });
  }
  return report;
}
