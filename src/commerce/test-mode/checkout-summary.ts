import { IntlMessageFormat } from 'intl-messageformat';
import { addBillingInterval, addDays } from '../billing-period.ts';
import { formatMoney } from '../money.ts';
import { firstChargeMinor } from '../offer-rules.ts';
import type { Offer, Plan } from '../plan.ts';

/** What checkout says about the money, as ICU messages with English defaults. */
export const defaultCheckoutMessages = {
  dueToday: 'Total due today: {price}',
  trialToday: 'Total due today: {price}. Your {days, plural, one {# day} other {# days}} free start now',
  introRenewal:
    'Then {intro} every {interval, select, month {month} other {year}} for {more, plural, one {# more {interval, select, month {month} other {year}}} other {# more {interval, select, month {months} other {years}}}}, and {regular} every {interval, select, month {month} other {year}} from {date}',
  renewal: 'Then {regular} every {interval, select, month {month} other {year}} from {date}',
  cancel: 'Cancel any time from your account.',
} as const;

export type CheckoutMessages = Readonly<Record<keyof typeof defaultCheckoutMessages, string>>;

/** The money lines beside the card form: what is paid now, what renews when, and how to stop it. */
export type CheckoutSummary = { dueToday: string; renewal: string; cancel: string };

function format(source: string, locale: string, values: Record<string, string | number>): string {
  return String(new IntlMessageFormat(source, locale).format(values));
}

/** When the plan's own price is first charged, if the checkout completes at `now`. */
export function regularPriceFrom(offer: Offer, plan: Plan, now: Date): Date {
  switch (offer.terms.kind) {
    case 'free-trial':
      return addDays(now, offer.terms.days);
    case 'introductory-price':
      return addBillingInterval(now, plan.interval, offer.terms.periods);
    case 'standard':
      return addBillingInterval(now, plan.interval);
  }
}

/**
 * "Total due today: $3", "Then $3 every month for 2 more months, and $15 every month from March 1,
 * 2027", "Cancel any time from your account." Dates on the publication's calendar, in its locale.
 */
export function summariseCheckout(
  { offer, plan, now }: { offer: Offer; plan: Plan; now: Date },
  { locale, timeZone, messages = defaultCheckoutMessages }: { locale: string; timeZone: string; messages?: CheckoutMessages },
): CheckoutSummary {
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: plan.currency }, locale);
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(regularPriceFrom(offer, plan, now));
  const regular = money(plan.priceMinor);
  const price = money(firstChargeMinor(offer, plan));
  const dueToday =
    offer.terms.kind === 'free-trial' ? format(messages.trialToday, locale, { price, days: offer.terms.days }) : format(messages.dueToday, locale, { price });
  const renewal =
    offer.terms.kind === 'introductory-price' && offer.terms.periods > 1
      ? format(messages.introRenewal, locale, { intro: price, more: offer.terms.periods - 1, interval: plan.interval, regular, date })
      : format(messages.renewal, locale, { regular, interval: plan.interval, date });
  return { dueToday, renewal, cancel: messages.cancel };
}
