import { notifySubscriber, type CommerceContext } from './commerce-context.ts';
import { gracePeriodMsOf, readCommerceSettings } from './commerce-settings.ts';
import { cardExpiryWarningMs, dueReminderDay, isCardExpiryWarningDue } from './dunning.ts';
import { markCardExpiryWarned } from './payment-cards.ts';

export type DunningReport = { reminded: number; cardsWarned: number };

const batchSize = 500;

/** A month as one number, year × 12 + month (1–12), so a range of months is a range of numbers. */
const monthIndex = (year: number, month: number) => year * 12 + month;

/**
 * Sends the payment-failed reminders that are due: day 0, 3 and 6 of each failing spell's grace
 * period. Each reminder is claimed by inserting its row; the key lets one instance claim it, and
 * only that one mails. A mail that cannot be sent after its claim is not tried again: a reminder
 * too few is better than the same reminder twice.
 */
async function remindFailingPayments(ctx: CommerceContext, now: Date, gracePeriodMs: number): Promise<number> {
  let reminded = 0;
  let afterId = 0;
  for (;;) {
    const failing = await ctx.db
      .selectFrom('subscriptions')
      .select(['id', 'account_id', 'plan_id', 'past_due_since'])
      .where('status', '=', 'past_due')
      .where('past_due_since', '>', new Date(now.getTime() - gracePeriodMs).toISOString())
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const subscription of failing) {
      if (subscription.past_due_since === null) continue;
      const pastDueSince = new Date(subscription.past_due_since);
      const sent = await ctx.db
        .selectFrom('dunning_reminders')
        .select('day')
        .where('subscription_id', '=', subscription.id)
        .where('past_due_since', '=', subscription.past_due_since)
        .execute();
      const day = dueReminderDay({ pastDueSince, now, gracePeriodMs, sentDays: sent.map((row) => row.day) });
      if (day === null) continue;
      const claimed = await ctx.db
        .insertInto('dunning_reminders')
        .values({ subscription_id: subscription.id, past_due_since: subscription.past_due_since, day, sent_at: now.toISOString() })
        .onConflict((conflict) => conflict.columns(['subscription_id', 'past_due_since', 'day']).doNothing())
        .returning('day')
        .executeTakeFirst();
      if (!claimed) continue;
      await notifySubscriber(ctx, {
        accountId: subscription.account_id,
        planId: subscription.plan_id,
        mail: { kind: 'payment-failed', day, accessUntil: new Date(pastDueSince.getTime() + gracePeriodMs) },
      });
      reminded += 1;
    }
    if (failing.length < batchSize) return reminded;
    afterId = failing.at(-1)?.id ?? afterId;
  }
}

/**
 * Warns each subscriber whose card runs out within 30 days, once for each card. Only subscriptions
 * that will be charged again are concerned: a canceled one is not renewed, an expired one is over.
 */
async function warnOfExpiringCards(ctx: CommerceContext, now: Date): Promise<number> {
  const later = new Date(now.getTime() + cardExpiryWarningMs);
  // A card runs out at the start of the month after the one printed on it: those printed with this
  // month up to the month before the one 30 days on are the candidates.
  const from = monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const to = monthIndex(later.getUTCFullYear(), later.getUTCMonth() + 1) - 1;
  let warned = 0;
  let afterId = 0;
  for (;;) {
    const cards = await ctx.db
      .selectFrom('payment_cards')
      .select(['account_id', 'card_last4', 'expiry_month', 'expiry_year'])
      .where('expiry_warned_at', 'is', null)
      .where((eb) => eb(eb('expiry_year', '*', 12), '+', eb.ref('expiry_month')), '>=', from)
      .where((eb) => eb(eb('expiry_year', '*', 12), '+', eb.ref('expiry_month')), '<=', to)
      .where('account_id', '>', afterId)
      .orderBy('account_id')
      .limit(batchSize)
      .execute();
    for (const card of cards) {
      const expiry = { expiryMonth: card.expiry_month, expiryYear: card.expiry_year, expiryWarnedAt: null };
      if (!isCardExpiryWarningDue(expiry, { now })) continue;
      const subscription = await ctx.db
        .selectFrom('subscriptions')
        .select(['plan_id', 'status'])
        .where('account_id', '=', card.account_id)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!subscription || !['trialing', 'active', 'past_due'].includes(subscription.status)) continue;
      if (!(await markCardExpiryWarned(ctx.db, card.account_id, now))) continue;
      await notifySubscriber(ctx, {
        accountId: card.account_id,
        planId: subscription.plan_id,
        mail: { kind: 'card-expiring', last4: card.card_last4, lastMonth: { month: card.expiry_month, year: card.expiry_year } },
      });
      warned += 1;
    }
    if (cards.length < batchSize) return warned;
    afterId = cards.at(-1)?.account_id ?? afterId;
  }
}

/** One pass of dunning: reminders for failing payments and warnings of expiring cards. Safe to run on every instance. */
export async function runDunningJobs(ctx: CommerceContext, now: Date): Promise<DunningReport> {
  const gracePeriodMs = gracePeriodMsOf(await readCommerceSettings(ctx.db));
  return { reminded: await remindFailingPayments(ctx, now, gracePeriodMs), cardsWarned: await warnOfExpiringCards(ctx, now) };
}
