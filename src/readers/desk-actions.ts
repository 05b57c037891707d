import type { Account } from '../accounts/account.ts';
import { findAccountRowById, toAccount } from '../accounts/account-repository.ts';
import { normalizeEmail } from '../accounts/email-address.ts';
import { requestEmailChange } from '../accounts/email-changes.ts';
import { issueLoginLink } from '../accounts/login-links.ts';
import { findLastRefundableCharge, recordPayment, type Payment } from '../commerce/payment-ledger.ts';
import type { PaymentProvider } from '../commerce/payment-provider.ts';
import { findLatestSubscription, updateSubscription, type Subscription } from '../commerce/subscription-repository.ts';
import { recordSubscriptionMove } from '../commerce/subscription-insights.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import type { Database } from '../db/database.ts';
import { recordAudit } from '../newsroom/audit-log.ts';
import { revokeNewsletterLinksOf } from '../newsletters/newsletter-link-repository.ts';
import { findComplimentaryAccess, insertComplimentaryAccess, revokeComplimentaryAccessRow } from './complimentary-access-repository.ts';
import { isComplimentaryLive, type ComplimentaryAccess } from './complimentary-access.ts';
import { cancelState, complimentaryEndOf, DeskActionError, extendTrialState, type CancelTiming, type ComplimentaryPeriod } from './desk-action-rules.ts';
import { recordReaderEvent, type ReaderEvent } from './reader-events.ts';
import { suppressAddress } from '../newsletters/suppression/suppress-address.ts';

/**
 * The readers' desk's actions for one reader. Each is taken by a staff member for a reason, and
 * each leaves three traces in the transaction that makes the change: the change itself, a line in
 * the audit log (who, when, why) and an event in the reader's history. What to tell the reader is
 * handed back for the caller to mail, once the change is committed.
 */
export type DeskContext = { db: Database; provider: PaymentProvider; insights: InsightLedger };

/** Who acts, when, and why. */
export type DeskAct = { staff: Account; reason: string; now: Date };

/** The reader the desk acts for: an account with the reader role; staff are the staff page's business. */
export async function findDeskReader(db: Database, accountId: number): Promise<Account> {
  const row = await findAccountRowById(db, accountId);
  if (row?.role !== 'reader') throw new DeskActionError('There is no such reader.', { kind: 'not-found' });
  return toAccount(row);
}

/** The audit log names the reader by number, so that it keeps no one's address once they are deleted. */
export const auditSubjectOf = (reader: Pick<Account, 'id'>) => `reader #${reader.id}`;

async function recordDeskAct(
  db: Database,
  { reader, act, action, event, detail }: { reader: Account; act: DeskAct; action: string; event: ReaderEvent; detail?: string },
): Promise<void> {
  await recordAudit(db, {
    actor: act.staff,
    action,
    subject: auditSubjectOf(reader),
    detail: detail ? `${detail}. Reason: ${act.reason}` : act.reason,
    now: act.now,
  });
  await recordReaderEvent(db, { accountId: reader.id, event, at: act.now, actorId: act.staff.id });
}

/** Access to everything, free, from now for a period or until revoked. It touches no subscription, so it bills nothing. */
export async function giveComplimentaryAccess(
  ctx: DeskContext,
  { readerId, period, act }: { readerId: number; period: ComplimentaryPeriod; act: DeskAct },
): Promise<{ reader: Account; access: ComplimentaryAccess }> {
  const reader = await findDeskReader(ctx.db, readerId);
  const endsAt = complimentaryEndOf(period, act.now);
  const given = { accountId: reader.id, startsAt: act.now, endsAt, reason: act.reason, grantedBy: act.staff.id };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertComplimentaryAccess(trx, given, act.now);
    await recordDeskAct(trx, {
      reader,
      act,
      action: 'gave complimentary access',
      event: { kind: 'complimentary-given', until: endsAt?.toISOString() ?? null, reason: act.reason },
      detail: endsAt ? `Until ${endsAt.toISOString().slice(0, 10)}` : 'Open-ended',
    });
    return inserted;
  });
  return { reader, access: { ...given, id, revokedAt: null } };
}

/** Ends a grant now. One already ended or revoked is refused: there is nothing left to take back. */
export async function revokeComplimentaryAccess(
  ctx: DeskContext,
  { readerId, grantId, act }: { readerId: number; grantId: number; act: DeskAct },
): Promise<{ reader: Account }> {
  const reader = await findDeskReader(ctx.db, readerId);
  await ctx.db.transaction().execute(async (trx) => {
    const access = await findComplimentaryAccess(trx, { accountId: reader.id, id: grantId });
    if (!access) throw new DeskActionError('There is no such complimentary access.', { kind: 'not-found' });
    if (!isComplimentaryLive(access, act.now) || !(await revokeComplimentaryAccessRow(trx, access.id, act.now))) {
      throw new DeskActionError('That complimentary access has already ended.', { kind: 'conflict' });
    }
    await recordDeskAct(trx, { reader, act, action: 'revoked complimentary access', event: { kind: 'complimentary-revoked' } });
  });
  return { reader };
}

/**
 * Writes the subscription's new state once the provider has done its part, with the act's traces.
 * The provider goes first: a change it refused must not show here as made.
 */
async function changeSubscriptionForReader(
  ctx: DeskContext,
  {
    reader,
    subscription,
    state,
    act,
    action,
    event,
    detail,
  }: {
    reader: Account;
    subscription: Subscription;
    state: Subscription['state'];
    act: DeskAct;
    action: string;
    event: ReaderEvent;
    detail: string;
  },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateSubscription(trx, subscription, { state }, act.now))) {
      throw new DeskActionError('The subscription changed meanwhile; look at it again before acting.', { kind: 'conflict' });
    }
    await recordDeskAct(trx, { reader, act, action, event, detail });
  });
  // The desk's reason is staff's own words, kept in the audit log; the figures only learn the desk did it.
  recordSubscriptionMove(ctx.insights, { subscription, after: state, at: act.now, reason: 'desk' });
}

/**
 * What the provider took or keeps, only that provider can change: a Stripe payment is never
 * "refunded" by test mode (which would record money returned that never was), nor the reverse.
 */
function requireProvider(ctx: DeskContext, { provider }: { provider: PaymentProvider['kind'] }): void {
  if (provider !== ctx.provider.kind) {
    throw new DeskActionError(
      `This was taken ${provider === 'stripe' ? 'through Stripe' : 'in test mode'}, and the site now runs ${ctx.provider.kind === 'stripe' ? 'with Stripe' : 'in test mode'}: change it there.`,
      {
        kind: 'conflict',
      },
    );
  }
}

async function requireSubscription(ctx: DeskContext, reader: Account): Promise<Subscription> {
  const subscription = await findLatestSubscription(ctx.db, reader.id);
  if (!subscription) throw new DeskActionError('The reader has no subscription.', { kind: 'conflict' });
  requireProvider(ctx, subscription);
  return subscription;
}

/** A running trial made `days` longer, at the provider too, so the first charge moves with it. */
export async function extendTrial(
  ctx: DeskContext,
  { readerId, days, act }: { readerId: number; days: number; act: DeskAct },
): Promise<{ reader: Account; until: Date }> {
  const reader = await findDeskReader(ctx.db, readerId);
  const subscription = await requireSubscription(ctx, reader);
  const state = extendTrialState(subscription.state, { days, now: act.now });
  const until = state.currentPeriodEnd;
  await ctx.provider.extendTrial(subscription, until);
  await changeSubscriptionForReader(ctx, {
    reader,
    subscription,
    state,
    act,
    action: 'extended trial',
    event: { kind: 'trial-extended', until: until.toISOString() },
    detail: `By ${days} days, to ${until.toISOString().slice(0, 10)}`,
  });
  return { reader, until };
}

/** Cancels the reader's subscription at the provider and here: now, or at the end of the period. */
export async function cancelForReader(
  ctx: DeskContext,
  { readerId, when, act }: { readerId: number; when: CancelTiming; act: DeskAct },
): Promise<{ reader: Account; accessUntil: Date }> {
  const reader = await findDeskReader(ctx.db, readerId);
  const subscription = await requireSubscription(ctx, reader);
  const state = cancelState(subscription.state, { when, now: act.now });
  if (when === 'now') await ctx.provider.cancelNow(subscription);
  else await ctx.provider.cancelAtPeriodEnd(subscription);
  await changeSubscriptionForReader(ctx, {
    reader,
    subscription,
    state,
    act,
    action: when === 'now' ? 'canceled subscription now' : 'canceled subscription at period end',
    event: { kind: 'canceled', atPeriodEnd: when === 'period-end', reason: act.reason },
    detail: when === 'now' ? 'Ended at once' : `Access until ${state.currentPeriodEnd.toISOString().slice(0, 10)}`,
  });
  return { reader, accessUntil: state.currentPeriodEnd };
}

/** The charge "refund the last payment" pays back, for the confirmation page; none when nothing is left to refund. */
export async function findRefundableCharge(db: Database, readerId: number): Promise<Payment | undefined> {
  return findLastRefundableCharge(db, readerId);
}

/**
 * Pays back the reader's last charge in full, through the provider, and writes the refund to the
 * ledger. `chargeId` is the charge the desk was shown: when it is no longer the last refundable
 * one (refunded meanwhile, a second click), nothing is refunded, so one click never pays back two.
 */
export async function refundLastPayment(
  ctx: DeskContext,
  { readerId, chargeId, act }: { readerId: number; chargeId: number; act: DeskAct },
): Promise<{ reader: Account; refund: Payment }> {
  const reader = await findDeskReader(ctx.db, readerId);
  const charge = await findLastRefundableCharge(ctx.db, reader.id);
  if (!charge || charge.id !== chargeId) {
    throw new DeskActionError('That payment is no longer the last one to refund; look at the reader again.', { kind: 'conflict' });
  }
  requireProvider(ctx, charge);
  const { providerRefundId } = await ctx.provider.refund(charge);
  const refund: Omit<Payment, 'id'> = {
    accountId: reader.id,
    subscriptionId: charge.subscriptionId,
    provider: charge.provider,
    providerPaymentId: providerRefundId,
    kind: 'refund',
    status: 'succeeded',
    amountMinor: charge.amountMinor,
    currency: charge.currency,
    refundOf: charge.id,
    occurredAt: act.now,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const recorded = await recordPayment(trx, refund);
    await recordDeskAct(trx, {
      reader,
      act,
      action: 'refunded payment',
      event: { kind: 'refunded', amountMinor: charge.amountMinor, currency: charge.currency },
      detail: `${(charge.amountMinor / 100).toFixed(2)} ${charge.currency} of ${charge.occurredAt.toISOString().slice(0, 10)}`,
    });
    return recorded;
  });
  return { reader, refund: { ...refund, id } };
}

/** A one-time log-in link for the reader, to be mailed to their own address (never shown to the desk). */
export async function issueDeskLoginLink(ctx: DeskContext, { readerId, act }: { readerId: number; act: DeskAct }): Promise<{ reader: Account; token: string }> {
  const reader = await findDeskReader(ctx.db, readerId);
  return ctx.db.transaction().execute(async (trx) => {
    const issued = await issueLoginLink(trx, { email: reader.email, purpose: 'magic-link', now: act.now });
    if (!issued) throw new DeskActionError('There is no such reader.', { kind: 'not-found' });
    await recordDeskAct(trx, { reader, act, action: 'sent log-in link', event: { kind: 'login-link-sent' } });
    return { reader, token: issued.token };
  });
}

/**
 * Stops the article links in every newsletter sent to the reader so far from reading as them (a
 * message forwarded too widely, a mailbox someone else reads): each then opens the ordinary page,
 * on the opener's own meter. Newsletters sent later carry working links. Done again, it changes
 * nothing more but is still recorded, since the desk was asked.
 */
export async function revokeNewsletterLinks(
  ctx: DeskContext,
  { readerId, act }: { readerId: number; act: DeskAct },
): Promise<{ reader: Account; deliveries: number }> {
  const reader = await findDeskReader(ctx.db, readerId);
  const deliveries = await ctx.db.transaction().execute(async (trx) => {
    const revoked = await revokeNewsletterLinksOf(trx, { accountId: reader.id, now: act.now });
    await recordDeskAct(trx, {
      reader,
      act,
      action: 'revoked newsletter links',
      event: { kind: 'newsletter-links-revoked', deliveries: revoked },
      detail: `${revoked} deliveries`,
    });
    return revoked;
  });
  return { reader, deliveries };
}

/**
 * Asks to move the reader to a new address: nothing changes until the link mailed there is followed,
 * so a mistyped or someone else's address never takes the account. An address that already has an
 * account is refused here: the desk sees every reader anyway, so there is nothing to hide from it.
 */
export async function requestAddressChange(
  ctx: DeskContext,
  { readerId, newEmail: typed, act }: { readerId: number; newEmail: string; act: DeskAct },
): Promise<{ reader: Account; newEmail: string; token: string }> {
  const reader = await findDeskReader(ctx.db, readerId);
  const newEmail = normalizeEmail(typed);
  if (newEmail === null) throw new DeskActionError('That does not look like an e-mail address.', { kind: 'invalid', field: 'email' });
  if (newEmail === reader.email) throw new DeskActionError('That is already the reader’s address.', { kind: 'invalid', field: 'email' });
  return ctx.db.transaction().execute(async (trx) => {
    const request = await requestEmailChange(trx, { accountId: reader.id, oldEmail: reader.email, newEmail, now: act.now });
    // A refused value of its field, as anywhere else an address is taken (docs/decisions/0017).
    if (request.kind === 'address-taken') throw new DeskActionError('That address already has an account.', { kind: 'invalid', field: 'email' });
    await recordDeskAct(trx, { reader, act, action: 'asked to change address', event: { kind: 'email-change-requested', to: newEmail } });
    return { reader, newEmail, token: request.token };
  });
}

/**
 * Stops every newsletter to the reader's address by hand (reason 'manual', source 'desk'), as a
 * bounce or a complaint would; their subscriptions and consent stay as they are. Refused when the
 * address is already suppressed, whatever stopped it.
 */
export async function suppressReaderAddress(ctx: DeskContext, { readerId, act }: { readerId: number; act: DeskAct }): Promise<{ reader: Account }> {
  const reader = await findDeskReader(ctx.db, readerId);
  await ctx.db.transaction().execute(async (trx) => {
    const isStopped = await suppressAddress(trx, { email: reader.email, reason: 'manual', source: 'desk', detail: act.reason }, act.now);
    if (!isStopped) throw new DeskActionError('Newsletters to this address are already stopped.', { kind: 'conflict' });
    await recordDeskAct(trx, { reader, act, action: 'stopped newsletters to the address', event: { kind: 'newsletters-suppressed' } });
  });
  return { reader };
}

/** Lets newsletters go to the reader's address again, whatever had stopped them (the reader says a bounce is mended, say). */
export async function unsuppressReaderAddress(ctx: DeskContext, { readerId, act }: { readerId: number; act: DeskAct }): Promise<{ reader: Account }> {
  const reader = await findDeskReader(ctx.db, readerId);
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('email_suppressions').where('email', '=', reader.email).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw new DeskActionError('Newsletters to this address are not stopped.', { kind: 'conflict' });
    await recordDeskAct(trx, { reader, act, action: 'allowed newsletters to the address again', event: { kind: 'newsletters-unsuppressed' } });
  });
  return { reader };
}
