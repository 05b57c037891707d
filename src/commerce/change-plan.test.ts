import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { createTestLedger } from '../../test/insights.ts';
import { registerReader } from '../accounts/register.ts';
import type { MailMessage, Mailer } from '../mail/mailer.ts';
import { savePlan } from './catalogue-repository.ts';
import { applyDuePlanChanges, changePlan, readPlanChoices, withdrawPlanChange } from './change-plan.ts';
import type { CommerceContext } from './commerce-context.ts';
import { listPaymentsOf } from './payment-ledger.ts';
import { findScheduledChange, listPlanChangesOf } from './plan-change-repository.ts';
import { PlanChangeRefused } from './plan-change.ts';
import { runSubscriptionJobs } from './subscription-jobs.ts';
import { findLatestSubscription, insertSubscription } from './subscription-repository.ts';
import type { SubscriptionStatus } from './subscription.ts';
import { storeTestCard } from './test-mode/test-card-on-file.ts';
import { readReaderRecord } from '../readers/reader-page.ts';
import { composeTimeline } from '../readers/reader-timeline.ts';
import { createTestPaymentProvider } from './test-mode/test-provider.ts';

/** A 30-day period, November 1 to December 1; halfway is November 16. */
const periodEnd = new Date('2026-12-01T00:00:00Z');
const halfway = new Date('2026-11-16T00:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const sent: MailMessage[] = [];
const mailer: Mailer = { send: async (mail) => void sent.push(mail) };
const ctx: CommerceContext = {
  db,
  dialect,
  provider: createTestPaymentProvider(),
  mailer,
  publicUrl: new URL('https://news.example/'),
  insights: createTestLedger({ db, dialect }),
};
const plan = { benefits: [], currency: 'USD', isActive: true } as const;
const digital = await savePlan(db, { ...plan, slug: 'digital', name: 'Digital', priceMinor: 1000, interval: 'month' }, halfway);
const premium = await savePlan(db, { ...plan, slug: 'premium', name: 'Premium', priceMinor: 1500, interval: 'month' }, halfway);
const yearly = await savePlan(db, { ...plan, slug: 'premium-yearly', name: 'Premium, yearly', priceMinor: 15000, interval: 'year' }, halfway);
let readers = 0;

async function subscriber({
  planId,
  status = 'active',
  card = 'succeeds',
}: {
  planId: number;
  status?: SubscriptionStatus;
  card?: 'succeeds' | 'declines-charges' | null;
}): Promise<{ accountId: number; email: string }> {
  const email = `changer${++readers}@example.org`;
  const account = await registerReader(db, { email, name: '', password: 'a long passphrase' }, halfway);
  await insertSubscription(
    db,
    {
      accountId: account.id,
      planId,
      offerId: null,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status, currentPeriodEnd: periodEnd, trialEnd: status === 'trialing' ? periodEnd : null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    halfway,
  );
  if (card)
    await storeTestCard(db, {
      accountId: account.id,
      card: { kind: card, last4: card === 'succeeds' ? '4242' : '0341' },
      expiry: { month: 12, year: 2030 },
      now: halfway,
    });
  return { accountId: account.id, email };
}

const charges = async (accountId: number) => (await listPaymentsOf(db, accountId)).map(({ amountMinor, status }) => `${status} ${amountMinor}`);
const subjectsTo = (email: string) => sent.filter((mail) => mail.to === email).map((mail) => mail.subject);

describe(`changing plans (${dialect})`, () => {
  it('upgrades $10 to $15 halfway through the month: $2.50 charged to the card now, the plan changed, $15 at renewal', async () => {
    const { accountId, email } = await subscriber({ planId: digital });
    const overview = await readPlanChoices(ctx, { accountId, now: halfway });
    const toPremium = overview?.choices.find((choice) => choice.plan.id === premium);
    assert.equal(toPremium?.change.kind === 'now' && toPremium.change.dueNowMinor, 250);

    const outcome = await changePlan(ctx, { accountId, planId: premium, now: halfway });
    assert.deepEqual(outcome, { kind: 'changed', plan: toPremium?.plan, dueNowMinor: 250, renewsAt: periodEnd, renewalMinor: 1500 });
    assert.equal((await findLatestSubscription(db, accountId))?.planId, premium);
    assert.deepEqual(await charges(accountId), ['succeeded 250']);
    assert.deepEqual(subjectsTo(email), ['You are now on Premium']);

    await runSubscriptionJobs(ctx, periodEnd);
    assert.deepEqual(await charges(accountId), ['succeeded 1500', 'succeeded 250'], 'renewed at the new price');
    const [change] = await listPlanChangesOf(db, accountId);
    assert.deepEqual(change && [change.direction, change.status, change.amountMinor], ['upgrade', 'applied', 250]);
    await ctx.insights.flush();
    const events = await db.selectFrom('insight_events').select(['plan_id', 'detail', 'amount_minor', 'currency']).where('kind', '=', 'plan-changed').execute();
    assert.ok(
      events.some((event) => event.plan_id === premium && event.detail === `upgrade:${digital}` && event.amount_minor === 250 && event.currency === 'USD'),
      'the ledger records the change: to Premium, an upgrade from Digital, $2.50 now',
    );
  });

  it('upgrades a month to a year: the unused half month is credited off a whole year, which starts now', async () => {
    const { accountId } = await subscriber({ planId: digital });
    const outcome = await changePlan(ctx, { accountId, planId: yearly, now: halfway });
    assert.deepEqual(outcome.kind === 'changed' && [outcome.dueNowMinor, outcome.renewsAt.toISOString()], [14500, '2027-11-16T00:00:00.000Z']);
    assert.equal((await findLatestSubscription(db, accountId))?.state.currentPeriodEnd.toISOString(), '2027-11-16T00:00:00.000Z');
    assert.deepEqual(await charges(accountId), ['succeeded 14500']);
  });

  it('changes nothing when the card on file declines the upgrade', async () => {
    const { accountId } = await subscriber({ planId: digital, card: 'declines-charges' });
    assert.deepEqual(await changePlan(ctx, { accountId, planId: premium, now: halfway }), { kind: 'declined' });
    assert.equal((await findLatestSubscription(db, accountId))?.planId, digital);
    assert.deepEqual(await charges(accountId), []);
    assert.deepEqual(await listPlanChangesOf(db, accountId), []);
  });

  it('moves a trial to another plan at once, at no cost', async () => {
    const { accountId } = await subscriber({ planId: premium, status: 'trialing', card: null });
    const outcome = await changePlan(ctx, { accountId, planId: digital, now: halfway });
    assert.deepEqual(outcome.kind === 'changed' && [outcome.dueNowMinor, outcome.renewalMinor], [0, 1000]);
    assert.equal((await findLatestSubscription(db, accountId))?.planId, digital);
    assert.deepEqual(await charges(accountId), []);
  });

  it('schedules a downgrade for the period end, which the job loop applies once before the renewal at the new price', async () => {
    const { accountId, email } = await subscriber({ planId: premium });
    assert.deepEqual(await changePlan(ctx, { accountId, planId: digital, now: halfway }), {
      kind: 'scheduled',
      plan: (await readPlanChoices(ctx, { accountId, now: halfway }))?.scheduled?.plan,
      effectiveAt: periodEnd,
    });
    assert.equal((await findLatestSubscription(db, accountId))?.planId, premium, 'the reader keeps Premium until then');
    assert.deepEqual(subjectsTo(email), [
      `Your move to Digital on ${new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(periodEnd)}`,
    ]);
    await assert.rejects(
      changePlan(ctx, { accountId, planId: yearly, now: halfway }),
      (error) => error instanceof PlanChangeRefused && error.reason === 'change-scheduled',
    );

    assert.deepEqual(await applyDuePlanChanges(ctx, halfway), { applied: 0, withdrawn: 0 }, 'not before its time');
    const passes = await Promise.all([applyDuePlanChanges(ctx, periodEnd), applyDuePlanChanges(ctx, periodEnd)]);
    assert.equal(
      passes.reduce((sum, pass) => sum + pass.applied, 0),
      1,
      'applied once however many instances try',
    );
    assert.equal((await findLatestSubscription(db, accountId))?.planId, digital);
    await ctx.insights.flush();
    const recorded = await db.selectFrom('insight_events').select('detail').where('kind', '=', 'plan-changed').where('plan_id', '=', digital).execute();
    assert.ok(
      recorded.some((event) => event.detail === `downgrade:${premium}`),
      'recorded once applied',
    );
    await runSubscriptionJobs(ctx, periodEnd);
    assert.deepEqual(await charges(accountId), ['succeeded 1000']);
    assert.equal(await findScheduledChange(db, (await findLatestSubscription(db, accountId))?.id ?? 0), undefined);
  });

  it('lets the reader call a scheduled downgrade off, after which they renew on their plan', async () => {
    const { accountId, email } = await subscriber({ planId: premium });
    await changePlan(ctx, { accountId, planId: digital, now: halfway });
    await withdrawPlanChange(ctx, { accountId, now: halfway });
    await assert.rejects(withdrawPlanChange(ctx, { accountId, now: halfway }), /No change of plan is waiting/);
    assert.deepEqual(await applyDuePlanChanges(ctx, periodEnd), { applied: 0, withdrawn: 0 });
    await runSubscriptionJobs(ctx, periodEnd);
    assert.deepEqual(await charges(accountId), ['succeeded 1500']);
    assert.ok(subjectsTo(email).includes('You stay on Premium'));
  });

  it('withdraws a downgrade whose subscription was canceled meanwhile', async () => {
    const { accountId } = await subscriber({ planId: premium });
    await changePlan(ctx, { accountId, planId: digital, now: halfway });
    await db.updateTable('subscriptions').set({ status: 'canceled', resume_to: 'active' }).where('account_id', '=', accountId).execute();
    assert.deepEqual(await applyDuePlanChanges(ctx, periodEnd), { applied: 0, withdrawn: 1 });
    assert.equal((await findLatestSubscription(db, accountId))?.planId, premium);
  });

  it('takes one of two downgrades asked for at once', async () => {
    const { accountId } = await subscriber({ planId: yearly });
    const results = await Promise.allSettled([
      changePlan(ctx, { accountId, planId: digital, now: halfway }),
      changePlan(ctx, { accountId, planId: premium, now: halfway }),
    ]);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    const refused = results.find((result) => result.status === 'rejected');
    assert.ok(refused?.status === 'rejected' && refused.reason instanceof PlanChangeRefused);
  });

  it("shows the desk a reader's past change and the one waiting", async () => {
    const { accountId } = await subscriber({ planId: digital });
    await changePlan(ctx, { accountId, planId: premium, now: halfway });
    await changePlan(ctx, { accountId, planId: digital, now: new Date(halfway.getTime() + 60_000) });
    const record = await readReaderRecord(db, { readerId: accountId, now: halfway, timeZone: 'UTC', gracePeriodMs: 0 });
    assert.ok(record);
    const lines = composeTimeline(record.history, { locale: 'en-US', timeZone: 'UTC', now: halfway })
      .filter((line) => line.category === 'subscription')
      .map((line) => `${line.title}: ${line.detail}`);
    assert.deepEqual(lines.slice(0, 2), [
      'Scheduled a move from Premium to Digital: Waiting: it takes effect on Dec 1, 2026.',
      'Upgraded from Digital to Premium: $2.50 charged at once.',
    ]);
  });

  it('refuses the plan the reader is on, and a subscription that is not running', async () => {
    const { accountId } = await subscriber({ planId: digital });
    await assert.rejects(
      changePlan(ctx, { accountId, planId: digital, now: halfway }),
      (error) => error instanceof PlanChangeRefused && error.reason === 'same-plan',
    );
    const lapsed = await subscriber({ planId: digital, status: 'past_due' });
    await assert.rejects(
      changePlan(ctx, { accountId: lapsed.accountId, planId: premium, now: halfway }),
      (error) => error instanceof PlanChangeRefused && error.reason === 'not-active',
    );
  });
});
