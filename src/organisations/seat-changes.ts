import { findPlanById } from '../commerce/catalogue-repository.ts';
import { isTestCardPaying } from '../commerce/test-mode/test-card-on-file.ts';
import type { CommerceContext } from '../commerce/commerce-context.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../commerce/commerce-settings.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import { accountReader } from '../insights/reader-key.ts';
import { seatsTaken } from './membership.ts';
import { OrganisationError } from './organisation-errors.ts';
import { findOrganisation } from './organisation-repository.ts';
import { applySeatBillingEvent, decideSeatChange, type SeatChange } from './seat-purchase-rules.ts';
import { mailSeatBuyer } from './seat-mail.ts';
import { findSeatSubscription, keepContractInStep } from './seat-subscription.ts';

/**
 * Moves a bought organisation's seats to `requested` (decideSeatChange): the provider bills it, or
 * in test mode the buyer's card on file is charged the added seats' share of the period; the
 * contract then has the seats. Refused, the reason comes back and nothing changes.
 */
export async function changeSeats(
  ctx: CommerceContext,
  { organisationId, requested, now }: { organisationId: number; requested: number; now: Date },
): Promise<SeatChange> {
  const subscription = await findSeatSubscription(ctx.db, organisationId);
  if (!subscription) throw new OrganisationError('not-bought');
  const organisation = await findOrganisation(ctx.db, organisationId);
  if (!organisation) throw new OrganisationError('not-bought');
  const { contract } = organisation;
  const plan = await findPlanById(ctx.db, contract.planId);
  if (!plan) throw new OrganisationError('plan-not-found');
  const taken = await seatsTaken(ctx.db, organisationId);
  const change = decideSeatChange({
    billing: subscription,
    seats: contract.seats,
    taken,
    requested,
    priceMinor: plan.priceMinor,
    interval: plan.interval,
    now,
  });
  if (change.kind === 'refused') return change;
  const charged = await ctx.provider.changeSeats({
    providerSubscriptionId: subscription.providerSubscriptionId,
    seats: change.to,
    isIncrease: change.to > change.from,
  });
  if (charged.kind === 'declined') throw new OrganisationError('card-declined');
  const isChargedHere = charged.kind === 'card-on-file' && change.dueNowMinor > 0;
  if (isChargedHere && subscription.buyerAccountId !== null) {
    const isPaid = await isTestCardPaying(ctx.db, subscription.buyerAccountId);
    await recordPayment(ctx.db, {
      accountId: subscription.buyerAccountId,
      subscriptionId: null,
      provider: 'test',
      providerPaymentId: null,
      kind: 'charge',
      status: isPaid ? 'succeeded' : 'failed',
      amountMinor: change.dueNowMinor,
      currency: plan.currency,
      refundOf: null,
      occurredAt: now,
    });
    if (!isPaid) throw new OrganisationError('card-declined');
  }
  await ctx.db
    .updateTable('organisation_contracts')
    .set({ seats: change.to, updated_at: now.toISOString() })
    .where('organisation_id', '=', organisationId)
    .execute();
  if (subscription.buyerAccountId !== null) {
    await mailSeatBuyer(ctx, {
      accountId: subscription.buyerAccountId,
      mail: {
        kind: 'seats-changed',
        organisationName: organisation.name,
        plan,
        from: change.from,
        to: change.to,
        dueNowMinor: change.dueNowMinor,
        renewalMinor: change.renewalMinor,
        periodEnd: subscription.currentPeriodEnd,
      },
    });
    ctx.insights.record({
      kind: 'seats-changed',
      from: change.from,
      to: change.to,
      amountMinor: change.dueNowMinor,
      currency: plan.currency,
      reader: accountReader(subscription.buyerAccountId),
      planId: plan.id,
      at: now,
    });
  }
  return change;
}

/** The manager stops the subscription at the period's end (the members read until then), or lets it renew again. */
export async function setSeatsCanceling(
  ctx: CommerceContext,
  { organisationId, isCanceling, now }: { organisationId: number; isCanceling: boolean; now: Date },
): Promise<void> {
  const subscription = await findSeatSubscription(ctx.db, organisationId);
  if (!subscription) throw new OrganisationError('not-bought');
  const billing = applySeatBillingEvent(subscription, { type: isCanceling ? 'cancel-requested' : 'cancel-withdrawn' });
  if (billing.status === subscription.status) return;
  await ctx.provider.setSeatsCanceling({ providerSubscriptionId: subscription.providerSubscriptionId, isCanceling });
  const gracePeriodMs = gracePeriodMsOf(await readCommerceSettings(ctx.db));
  await ctx.db.transaction().execute((trx) => keepContractInStep(trx, { organisationId, billing, gracePeriodMs, now }));
}
