import { IntlMessageFormat } from 'intl-messageformat';
import { formatMoney } from './money.ts';
import type { Offer, Plan } from './plan.ts';
import { annualSavingPercent, comparableMonthlyPlan, monthlyEquivalentMinor } from './plan-pricing.ts';

/** Texts about offers and plans, as ICU messages with English defaults. */
export const defaultOfferMessages = {
  offerEnds: 'Offer ends {month} {day, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}',
  planPrice: '{price} a {interval, select, month {month} other {year}}',
  introductoryTerms:
    '{price} a {interval, select, month {month} other {year}} for {periods, plural, one {the first {interval, select, month {month} other {year}}} other {the first # {interval, select, month {months} other {years}}}}, then {regular} a {interval, select, month {month} other {year}}',
  annualBreakdown: '{monthly}/month, billed {price} yearly{saving, select, none {} other { — save {saving}}}',
  freeTrialTerms: '{days, plural, one {# day} other {# days}} free, then {regular} a {interval, select, month {month} other {year}}',
} as const;

export type OfferMessages = Readonly<Record<keyof typeof defaultOfferMessages, string>>;

function format(source: string, locale: string, values: Record<string, string | number>): string {
  return String(new IntlMessageFormat(source, locale).format(values));
}

/** "Offer ends October 31st": the last day the offer can be taken, on the publication's clock. */
export function formatOfferEnd(
  endsAt: Date,
  { locale, timeZone, messages = defaultOfferMessages }: { locale: string; timeZone: string; messages?: OfferMessages },
): string {
  const lastMoment = new Date(endsAt.getTime() - 1);
  const parts = new Intl.DateTimeFormat(locale, { timeZone, month: 'long', day: 'numeric' }).formatToParts(lastMoment);
  const month = parts.find((part) => part.type === 'month')?.value ?? '';
  const day = Number(parts.find((part) => part.type === 'day')?.value ?? '0');
  return format(messages.offerEnds, locale, { month, day });
}

/** "$15 a month". */
export function formatPlanPrice(plan: Plan, locale: string, messages: OfferMessages = defaultOfferMessages): string {
  return format(messages.planPrice, locale, { price: formatMoney({ amountMinor: plan.priceMinor, currency: plan.currency }, locale), interval: plan.interval });
}

/** The small print of an offer: "$3 a month for the first 3 months, then $15 a month". */
export function formatOfferTerms(offer: Offer, plan: Plan, locale: string, messages: OfferMessages = defaultOfferMessages): string {
  const regular = formatMoney({ amountMinor: plan.priceMinor, currency: plan.currency }, locale);
  switch (offer.terms.kind) {
    case 'introductory-price':
      return format(messages.introductoryTerms, locale, {
        price: formatMoney({ amountMinor: offer.terms.priceMinor, currency: plan.currency }, locale),
        periods: offer.terms.periods,
        interval: plan.interval,
        regular,
      });
    case 'free-trial':
      return format(messages.freeTrialTerms, locale, { days: offer.terms.days, regular, interval: plan.interval });
    case 'standard':
      return formatPlanPrice(plan, locale, messages);
  }
}

const percentFormatters = new Map<string, Intl.NumberFormat>();

function formatPercent(percent: number, locale: string): string {
  let formatter = percentFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentFormatters.set(locale, formatter);
  }
  return formatter.format(percent / 100);
}

/**
 * A yearly plan's price as a month and its saving over the monthly plan: "$8.25/month, billed $99
 * yearly — save 17%"; "" for a monthly plan.
 */
export function formatAnnualBreakdown(plan: Plan, plans: readonly Plan[], locale: string, messages: OfferMessages = defaultOfferMessages): string {
  if (plan.interval !== 'year') return '';
  const monthly = comparableMonthlyPlan(plan, plans);
  const saving = monthly === null ? null : annualSavingPercent(plan, monthly);
  return format(messages.annualBreakdown, locale, {
    monthly: formatMoney({ amountMinor: monthlyEquivalentMinor(plan), currency: plan.currency }, locale),
    price: formatMoney({ amountMinor: plan.priceMinor, currency: plan.currency }, locale),
    saving: saving === null ? 'none' : formatPercent(saving, locale),
  });
}
