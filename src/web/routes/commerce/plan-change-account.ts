import { readPlanChoices } from '../../../commerce/change-plan.ts';
import { findPlanById } from '../../../commerce/catalogue-repository.ts';
import { formatMoney } from '../../../commerce/money.ts';
import { listPlanChangesOf } from '../../../commerce/plan-change-repository.ts';
import { formatChangeDay } from '../../../commerce/plan-change-wording.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { toAccountPlanChangeView, type AccountPlanChangeView } from '../../views/plan-change-view.ts';

/** What the account page shows of plan changes. */
export async function accountPlanChangeViewOf(deps: ReaderSiteDeps, accountId: number): Promise<AccountPlanChangeView | null> {
  const now = deps.now();
  const [overview, settings] = await Promise.all([readPlanChoices({ db: deps.db }, { accountId, now }), readPublicationSettings(deps.db)]);
  return toAccountPlanChangeView(overview, { locale: settings.locale, timeZone: settings.timeZone, now });
}

const fixedConfirmations: Record<string, string> = {
  'plan-declined': 'Your card was declined, so your plan has not changed. Update your card and try again.',
  'plan-kept': 'The change is canceled: you keep your plan.',
};

/**
 * The account page's confirmation after a plan change, from what the change recorded: "You are now
 * on Premium. You paid $2.50 today; from January 3 you pay $15 a month."; null for another `changed`.
 */
export async function planChangeConfirmations(deps: ReaderSiteDeps, accountId: number, changed: string): Promise<string | null> {
  if (changed !== 'plan-changed' && changed !== 'plan-scheduled') return fixedConfirmations[changed] ?? null;
  const [latest] = await listPlanChangesOf(deps.db, accountId);
  const subscription = await findLatestSubscription(deps.db, accountId);
  const plan = latest ? await findPlanById(deps.db, latest.toPlanId) : undefined;
  if (!latest || !subscription || !plan) return null;
  const settings = await readPublicationSettings(deps.db);
  const wording = { locale: settings.locale, timeZone: settings.timeZone, now: deps.now() };
  const price = (amountMinor: number) => formatMoney({ amountMinor, currency: plan.currency }, settings.locale);
  if (changed === 'plan-scheduled') {
    return `Your change is scheduled: from ${formatChangeDay(latest.effectiveAt, wording)} you move to ${plan.name} at ${price(plan.priceMinor)} a ${plan.interval}.`;
  }
  const paid = latest.amountMinor > 0 ? `You paid ${price(latest.amountMinor)} today` : 'You paid nothing today';
  return `You are now on ${plan.name}. ${paid}; from ${formatChangeDay(subscription.state.currentPeriodEnd, wording)} you pay ${price(plan.priceMinor)} a ${plan.interval}.`;
}
