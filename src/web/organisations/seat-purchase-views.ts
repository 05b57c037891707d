import { addBillingInterval } from '../../commerce/billing-period.ts';
import { formatMoney } from '../../commerce/money.ts';
import type { Plan } from '../../commerce/plan.ts';
import { seatLimits, seatsPriceMinor, type SeatOrder, type SeatOrderField } from '../../organisations/seat-purchase-rules.ts';

type Wording = { locale: string; timeZone: string };

const perInterval = (plan: Plan) => (plan.interval === 'month' ? 'a month' : 'a year');

/** The form as typed, each field with its problem. */
export type SeatOrderFormView = {
  organisationName: { value: string; error: string | null };
  plans: { slug: string; name: string; pricePerSeat: string; isChosen: boolean; benefits: string }[];
  planError: string | null;
  seats: { value: string; error: string | null; min: number; max: number };
};

/** The page where a reader buys seats for their company: the order form, and once it reads well, its total to confirm. */
export type BuySeatsPageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  buyUrl: string;
  form: SeatOrderFormView;
  /** The order to confirm: what it costs now and each period after; null until the form is reviewed. */
  review: { organisationName: string; planSlug: string; seats: number; planName: string; total: string; renewal: string } | null;
  errorSummary: { fieldId: string; message: string }[];
};

export const seatOrderFieldIds: Record<SeatOrderField, string> = { organisationName: 'buy-organisation-name', plan: 'buy-plan', seats: 'buy-seats' };

export function toSeatOrderFormView(
  { organisationName, planSlug, seats }: { organisationName: string; planSlug: string; seats: string },
  { plans, problems, wording }: { plans: readonly Plan[]; problems: Partial<Record<SeatOrderField, string>>; wording: Wording },
): SeatOrderFormView {
  const onSale = plans.filter((plan) => plan.isActive);
  const chosen = onSale.some((plan) => plan.slug === planSlug) ? planSlug : (onSale[0]?.slug ?? '');
  return {
    organisationName: { value: organisationName, error: problems.organisationName ?? null },
    plans: onSale.map((plan) => ({
      slug: plan.slug,
      name: plan.name,
      pricePerSeat: `${formatMoney({ amountMinor: plan.priceMinor, currency: plan.currency }, wording.locale)} per seat ${perInterval(plan)}`,
      isChosen: plan.slug === chosen,
      benefits: plan.benefits.join(' · '),
    })),
    planError: problems.plan ?? null,
    seats: { value: seats, error: problems.seats ?? null, min: seatLimits.min, max: seatLimits.max },
  };
}

/** "$60 for 3 seats, due today", "Then $60 every month from 15 July 2026, for as many seats as you have then." */
export function toSeatOrderReview(order: SeatOrder, { now, wording }: { now: Date; wording: Wording }): NonNullable<BuySeatsPageView['review']> {
  const { plan, seats } = order;
  const money = formatMoney({ amountMinor: seatsPriceMinor({ priceMinor: plan.priceMinor, seats }), currency: plan.currency }, wording.locale);
  const renewsOn = new Intl.DateTimeFormat(wording.locale, { timeZone: wording.timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(
    addBillingInterval(now, plan.interval),
  );
  return {
    organisationName: order.organisationName,
    planSlug: plan.slug,
    seats,
    planName: plan.name,
    total: `${money} for ${seats} seats, due today`,
    renewal: `Then ${money} ${perInterval(plan)} from ${renewsOn}, for the seats you have then.`,
  };
}

export function seatOrderErrorSummary(problems: Partial<Record<SeatOrderField, string>>): BuySeatsPageView['errorSummary'] {
  return (['organisationName', 'plan', 'seats'] as const).flatMap((field) => {
    const message = problems[field];
    return message === undefined ? [] : [{ fieldId: seatOrderFieldIds[field], message }];
  });
}
