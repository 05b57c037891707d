import { normalizeEmail } from '../accounts/email-address.ts';
import { deliveryMomentOf, type GiftDuration, isGiftDuration, judgeDeliveryDay } from './gift-calendar.ts';
import { durationsOnSale, type GiftSubscriptionSettings } from './gift-subscription-settings.ts';

/** The purchase form as posted: every field text, as typed. */
export type GiftPurchaseForm = {
  buyerName: string;
  buyerEmail: string;
  recipientName: string;
  recipientEmail: string;
  message: string;
  deliveryDay: string;
  months: string;
};

export type GiftPurchaseField = keyof GiftPurchaseForm;
export type GiftPurchaseProblems = Partial<Record<GiftPurchaseField, string>>;

/** A purchase the form describes, priced from the publication's settings. */
export type GiftPurchase = {
  buyerName: string;
  buyerEmail: string;
  recipientName: string;
  recipientEmail: string;
  message: string;
  deliveryDay: string;
  deliverAt: Date;
  months: GiftDuration;
  priceMinor: number;
};

export const maximumNameLength = 100;
export const maximumMessageLength = 1000;

const deliveryDayProblems = {
  'not-a-day': 'Choose a delivery date.',
  'in-the-past': 'Choose today or a later date for the delivery.',
  'too-far-ahead': 'Choose a delivery date within a year.',
} as const;

function nameProblem(name: string, whose: string): string | undefined {
  if (name === '') return `Enter ${whose} name.`;
  if (name.length > maximumNameLength) return `Shorten ${whose} name to ${maximumNameLength} characters.`;
  return undefined;
}

/**
 * Reads the purchase form: names and addresses of both buyer and recipient, a message of at most
 * 1000 characters (it may be empty), a delivery day from today to a year on (the publication's
 * days), and a duration on sale at the price the publication set. Every field at fault is named,
 * so the form can say all that is wrong at once.
 */
export function parseGiftPurchase(
  form: GiftPurchaseForm,
  { settings, now, timeZone }: { settings: GiftSubscriptionSettings; now: Date; timeZone: string },
): { kind: 'valid'; purchase: GiftPurchase } | { kind: 'invalid'; problems: GiftPurchaseProblems } {
  const problems: GiftPurchaseProblems = {};
  const buyerName = form.buyerName.trim();
  const recipientName = form.recipientName.trim();
  const message = form.message.trim();
  const buyerEmail = normalizeEmail(form.buyerEmail);
  const recipientEmail = normalizeEmail(form.recipientEmail);
  const day = judgeDeliveryDay(form.deliveryDay, { now, timeZone });
  const months = Number(form.months);
  const onSale = durationsOnSale(settings).find((duration) => isGiftDuration(months) && duration.months === months);

  const buyerNameProblem = nameProblem(buyerName, 'your');
  if (buyerNameProblem) problems.buyerName = buyerNameProblem;
  if (buyerEmail === null) problems.buyerEmail = 'Enter your email address, like name@example.com.';
  const recipientNameProblem = nameProblem(recipientName, 'their');
  if (recipientNameProblem) problems.recipientName = recipientNameProblem;
  if (recipientEmail === null) problems.recipientEmail = 'Enter their email address, like name@example.com.';
  if (message.length > maximumMessageLength) problems.message = `Shorten the message to ${maximumMessageLength} characters.`;
  if (day.kind === 'refused') problems.deliveryDay = deliveryDayProblems[day.reason];
  if (onSale === undefined) problems.months = 'Choose how long the gift lasts.';

  const deliverAt = day.kind === 'accepted' ? deliveryMomentOf(day.day, timeZone) : null;
  if (
    Object.keys(problems).length > 0 ||
    buyerEmail === null ||
    recipientEmail === null ||
    deliverAt === null ||
    onSale === undefined ||
    day.kind !== 'accepted'
  ) {
    return { kind: 'invalid', problems };
  }
  return {
    kind: 'valid',
    purchase: {
      buyerName,
      buyerEmail,
      recipientName,
      recipientEmail,
      message,
      deliveryDay: day.day,
      deliverAt,
      months: onSale.months,
      priceMinor: onSale.priceMinor,
    },
  };
}
