import { parseAmountMinor } from '../commerce/catalogue-form.ts';
import { type GiftDuration, giftDurations } from './gift-calendar.ts';
import type { GiftSubscriptionSettings } from './gift-subscription-settings.ts';

/** The newsroom's form for gift subscriptions, as typed: ids as text, prices in the plan's currency ("45" or "45.00"). */
export type GiftSettingsFields = {
  planId: string;
  price3: string;
  price6: string;
  price12: string;
  reminderDays: string;
  /** Empty: the reminder leads to all offers. */
  continuationOfferId: string;
};

export type GiftSettingsField = keyof GiftSettingsFields;

/** What is wrong with each field that is wrong, in words for the person who typed it. */
export type GiftSettingsFieldErrors = Partial<Record<GiftSettingsField, string>>;

export type GiftSettingsFormResult = { kind: 'valid'; settings: GiftSubscriptionSettings } | { kind: 'invalid'; errors: GiftSettingsFieldErrors };

/** The most a gift may cost, in minor units: what the settings group accepts. */
const highestPriceMinor = 100_000_000;

const priceField = (months: GiftDuration) => `price${months}` as const;

const idIn = (text: string, ids: readonly number[]): number | null | undefined => {
  if (text.trim() === '') return null;
  const id = /^[1-9][0-9]{0,8}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  return ids.includes(id) ? id : undefined;
};

/**
 * Reads the form against the publication's plans and offers. Every field is judged, so the page says
 * all that is wrong at once. Prices without a plan are refused: they would sell nothing, and the
 * administrator who typed them expects gifts to be on sale.
 */
export function parseGiftSettingsForm(
  fields: GiftSettingsFields,
  { planIds, offerIds }: { planIds: readonly number[]; offerIds: readonly number[] },
): GiftSettingsFormResult {
  const errors: GiftSettingsFieldErrors = {};
  const planId = idIn(fields.planId, planIds);
  if (planId === undefined) errors.planId = 'Choose one of the plans.';

  const pricesMinor: Record<GiftDuration, number | null> = { 3: null, 6: null, 12: null };
  for (const months of giftDurations) {
    const text = fields[priceField(months)].trim();
    if (text === '') continue;
    const priceMinor = parseAmountMinor(text);
    if (priceMinor === null || priceMinor === 0) {
      errors[priceField(months)] = `Give the price of ${months} months as an amount such as 45 or 45.00, or leave it empty: not on sale.`;
    } else if (priceMinor > highestPriceMinor) {
      errors[priceField(months)] = `The price of ${months} months is at most ${(highestPriceMinor / 100).toFixed(2)}.`;
    } else {
      pricesMinor[months] = priceMinor;
    }
  }
  if (planId === null && giftDurations.some((months) => fields[priceField(months)].trim() !== '')) {
    errors.planId = 'Choose the plan a gift gives: without one, the prices sell nothing.';
  }

  const reminderText = fields.reminderDays.trim();
  const reminderDays = /^[0-9]{1,3}$/.test(reminderText) ? Number(reminderText) : Number.NaN;
  if (!(reminderDays >= 1 && reminderDays <= 60)) errors.reminderDays = 'The reminder goes from 1 to 60 days before the gift ends.';

  const continuationOfferId = idIn(fields.continuationOfferId, offerIds);
  if (continuationOfferId === undefined) errors.continuationOfferId = 'Choose one of the offers, or all offers.';

  if (Object.keys(errors).length > 0 || planId === undefined || continuationOfferId === undefined) return { kind: 'invalid', errors };
  return { kind: 'valid', settings: { planId, pricesMinor, reminderDays, continuationOfferId } };
}

/** The form as the settings have it, prices with two decimals as the plans' form shows them. */
export function fieldsOfGiftSettings(settings: GiftSubscriptionSettings): GiftSettingsFields {
  const price = (months: GiftDuration) => {
    const minor = settings.pricesMinor[months];
    return minor === null ? '' : (minor / 100).toFixed(2);
  };
  return {
    planId: settings.planId === null ? '' : String(settings.planId),
    price3: price(3),
    price6: price(6),
    price12: price(12),
    reminderDays: String(settings.reminderDays),
    continuationOfferId: settings.continuationOfferId === null ? '' : String(settings.continuationOfferId),
  };
}
