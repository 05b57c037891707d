import type { PlanChangeOverview, PlanChoice } from '../../commerce/change-plan.ts';
import { formatMoney } from '../../commerce/money.ts';
import { describePlanChange, describeScheduledChange } from '../../commerce/plan-change-wording.ts';
import type { Plan } from '../../commerce/plan.ts';
import { accountPaths } from '../../http/account-paths.ts';

export const planChangePaths = {
  /** GET: the plans to move to; with `?plan=slug`, the confirmation of one. POST (`plan`): the move. */
  change: '/account/subscription/plan',
  /** POST: calls off a waiting downgrade. */
  withdraw: '/account/subscription/plan/withdraw',
} as const;

type Wording = { locale: string; timeZone: string; now: Date };

export type PlanChoiceView = {
  slug: string;
  name: string;
  /** "$15 a month". */
  price: string;
  benefits: readonly string[];
  /** "You pay $2.50 today; from January 3 you pay $15 a month", or why it cannot be chosen. */
  consequence: string;
  isAvailable: boolean;
  /** "Upgrade", "Downgrade", "Switch". */
  actionLabel: string;
  confirmUrl: string;
};

/** The "Change plan" page: the plan the reader has, the others with what each costs, or one of them to confirm. */
export type ChangePlanPageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  formUrl: string;
  accountUrl: string;
  currentName: string;
  currentPrice: string;
  /** The waiting downgrade, told, with the form that calls it off; null when none waits. */
  scheduled: { text: string; withdrawUrl: string } | null;
  choices: PlanChoiceView[];
  /** The one choice being confirmed; null on the list. */
  confirming: PlanChoiceView | null;
};

const priceOf = (plan: Plan, locale: string) => `${formatMoney({ amountMinor: plan.priceMinor, currency: plan.currency }, locale)} a ${plan.interval}`;

function choiceView({ plan, change }: PlanChoice, current: Plan, wording: Wording): PlanChoiceView {
  const isAvailable = change.kind !== 'refused';
  const actionLabel = change.kind === 'refused' ? 'Not available' : change.direction === 'upgrade' ? `Upgrade to ${plan.name}` : `Move to ${plan.name}`;
  return {
    slug: plan.slug,
    name: plan.name,
    price: priceOf(plan, wording.locale),
    benefits: plan.benefits,
    consequence: describePlanChange(change, { current, chosen: plan }, wording),
    isAvailable,
    actionLabel,
    confirmUrl: `${planChangePaths.change}?plan=${encodeURIComponent(plan.slug)}`,
  };
}

export function toChangePlanPageView(
  overview: PlanChangeOverview,
  { csrfToken, confirmSlug = null, error = null, ...wording }: Wording & { csrfToken: string; confirmSlug?: string | null; error?: string | null },
): ChangePlanPageView {
  const choices = overview.choices.map((choice) => choiceView(choice, overview.current, wording));
  const confirming = choices.find((choice) => choice.slug === confirmSlug && choice.isAvailable) ?? null;
  return {
    csrfToken,
    error,
    message: null,
    formUrl: planChangePaths.change,
    accountUrl: accountPaths.account,
    currentName: overview.current.name,
    currentPrice: priceOf(overview.current, wording.locale),
    scheduled: overview.scheduled
      ? {
          text: describeScheduledChange({ from: overview.current, to: overview.scheduled.plan, effectiveAt: overview.scheduled.change.effectiveAt }, wording),
          withdrawUrl: planChangePaths.withdraw,
        }
      : null,
    choices,
    confirming,
  };
}

/** What the account page shows of plan changes: the way to change, and a waiting downgrade with the form that calls it off. */
export type AccountPlanChangeView = { changeUrl: string | null; scheduled: { text: string; withdrawUrl: string } | null };

export function toAccountPlanChangeView(overview: PlanChangeOverview | null, wording: Wording): AccountPlanChangeView | null {
  if (!overview) return null;
  const { status } = overview.subscription.state;
  const canChange = (status === 'active' || status === 'trialing') && overview.choices.length > 0;
  const page = toChangePlanPageView(overview, { ...wording, csrfToken: '' });
  return { changeUrl: canChange ? planChangePaths.change : null, scheduled: page.scheduled };
}
