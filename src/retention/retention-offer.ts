import { addBillingInterval } from '../commerce/billing-period.ts';
import type { BillingInterval } from '../commerce/plan.ts';
import { formatMoney } from '../commerce/money.ts';
import type { SubscriptionStatus } from '../commerce/subscription.ts';
import { DomainError } from '../errors/domain-error.ts';

/**
 * The one retention offer a publication may make to a reader on their way out: a discount on
 * their next renewals, or a pause of their payments for one to three months. Set at /admin/retention.
 */
export type RetentionOffer = { kind: 'discount'; percentOff: number; periods: number } | { kind: 'pause'; months: number };

export type RetentionSettings = { offer: RetentionOffer | null };

export const defaultRetentionSettings: RetentionSettings = { offer: null };

export const retentionLimits = {
  percentOff: { min: 5, max: 90 },
  periods: { min: 1, max: 12 },
  months: { min: 1, max: 3 },
} as const;

export class InvalidRetentionSettingsError extends DomainError {
  override name = 'InvalidRetentionSettingsError';
  constructor(message: string, field: string) {
    super(message, { kind: 'invalid', field });
  }
}

function wholeNumber(value: unknown, field: keyof typeof retentionLimits, what: string): number {
  const { min, max } = retentionLimits[field];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new InvalidRetentionSettingsError(`${what} must be a whole number from ${min} to ${max}`, field);
  }
  return number;
}

/** The settings from their stored or submitted form: { kind, percentOff, periods, months }, numbers or their text. */
export function parseRetentionSettings(input: Record<string, unknown>): RetentionSettings {
  switch (input.kind ?? 'none') {
    case 'none':
      return { offer: null };
    case 'discount':
      return {
        offer: {
          kind: 'discount',
          percentOff: wholeNumber(input.percentOff, 'percentOff', 'The discount'),
          periods: wholeNumber(input.periods, 'periods', 'The number of renewals discounted'),
        },
      };
    case 'pause':
      return { offer: { kind: 'pause', months: wholeNumber(input.months, 'months', 'The pause') } };
    default:
      throw new InvalidRetentionSettingsError('Choose no offer, a discount or a pause', 'kind');
  }
}

/** The settings as stored: flat, so the form and the settings group read the same fields. */
export function storedRetentionSettings({ offer }: RetentionSettings): Record<string, unknown> {
  if (offer === null) return { kind: 'none' };
  return { ...offer };
}

/**
 * The offer a reader on their way out is shown, or null. One chance only: never to a reader who
 * has taken a retention offer before (else cancelling each month would become the way to pay
 * less); only for a subscription that renews (trialing or active); and a pause only once payments
 * have begun, since a trial has none to pause.
 */
export function chooseRetentionOffer({
  settings,
  status,
  hasTakenOfferBefore,
}: {
  settings: RetentionSettings;
  status: SubscriptionStatus;
  hasTakenOfferBefore: boolean;
}): RetentionOffer | null {
  const { offer } = settings;
  if (offer === null || hasTakenOfferBefore) return null;
  if (status !== 'trialing' && status !== 'active') return null;
  if (offer.kind === 'pause' && status === 'trialing') return null;
  return offer;
}

/** When a pause taken now ends: the paid period runs out, then `months` go by without a charge. */
export function pauseEndOf(currentPeriodEnd: Date, months: number): Date {
  return addBillingInterval(currentPeriodEnd, 'month', months);
}

/** What a retention offer taken leaves on the subscription, for its renewals. */
export type RetentionTaken = { kind: 'discount'; percentOff: number; periodsLeft: number } | { kind: 'pause'; pausedUntil: Date };

/**
 * A test-mode renewal with a retention offer taken: during a pause, no charge and the period runs
 * on to the pause's end; with a discount, the price less the discount while discounted renewals
 * are left (rounded to the minor unit); otherwise the price as it is.
 */
export type RetentionRenewal = { kind: 'paused'; periodEnd: Date } | { kind: 'charge'; amountMinor: number; discountedPeriodsLeft: number | null };

export function renewWithRetention({ taken, priceMinor, periodEnd }: { taken: RetentionTaken | null; priceMinor: number; periodEnd: Date }): RetentionRenewal {
  if (taken?.kind === 'pause' && periodEnd < taken.pausedUntil) return { kind: 'paused', periodEnd: taken.pausedUntil };
  if (taken?.kind === 'discount' && taken.periodsLeft > 0) {
    return { kind: 'charge', amountMinor: Math.round((priceMinor * (100 - taken.percentOff)) / 100), discountedPeriodsLeft: taken.periodsLeft - 1 };
  }
  return { kind: 'charge', amountMinor: priceMinor, discountedPeriodsLeft: null };
}

/**
 * The offer in the reader's words, with what it means for their next payment ("Stay for 50% off
 * your next 3 months"). `nextChargeMinor` is what they would pay next without it (an introductory
 * price, if they are still on one), which the discount takes its percentage from.
 */
export function describeRetentionOffer(
  offer: RetentionOffer,
  {
    nextChargeMinor,
    currency,
    interval,
    currentPeriodEnd,
    locale,
    timeZone,
  }: { nextChargeMinor: number; currency: string; interval: BillingInterval; currentPeriodEnd: Date; locale: string; timeZone: string },
): { headline: string; detail: string } {
  if (offer.kind === 'discount') {
    const unit = interval === 'month' ? 'month' : 'year';
    const span = offer.periods === 1 ? `your next ${unit}` : `your next ${offer.periods} ${unit}s`;
    const discounted = formatMoney({ amountMinor: Math.round((nextChargeMinor * (100 - offer.percentOff)) / 100), currency }, locale);
    const full = formatMoney({ amountMinor: nextChargeMinor, currency }, locale);
    return {
      headline: `Stay for ${offer.percentOff}% off ${span}`,
      detail: `Your next payment is ${discounted} instead of ${full}${offer.periods === 1 ? '' : `, and the discount lasts ${offer.periods} ${unit}s`}; then the usual price. You can still cancel at any time.`,
    };
  }
  const until = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(pauseEndOf(currentPeriodEnd, offer.months));
  return {
    headline: `Pause your payments for ${offer.months === 1 ? 'a month' : `${offer.months} months`} instead`,
    detail: `Keep reading everything and pay nothing until ${until}; then your subscription carries on as before. You can still cancel at any time.`,
  };
}
