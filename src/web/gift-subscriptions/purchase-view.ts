import type { GiftPurchaseField, GiftPurchaseForm, GiftPurchaseProblems } from '../../gift-subscriptions/gift-purchase.ts';
import type { StoredGiftSubscription } from '../../gift-subscriptions/gift-subscription-repository.ts';
import type { CardFieldView } from '../views/view-models.ts';

/** The purchase form's fields in the order the page shows them, which the error summary follows. */
const fieldOrder: readonly GiftPurchaseField[] = ['months', 'recipientName', 'recipientEmail', 'message', 'deliveryDay', 'buyerName', 'buyerEmail'];

const fieldIds: Record<GiftPurchaseField, string> = {
  months: 'gift-months-3',
  recipientName: 'gift-recipient-name',
  recipientEmail: 'gift-recipient-email',
  message: 'gift-message',
  deliveryDay: 'gift-delivery-day',
  buyerName: 'gift-buyer-name',
  buyerEmail: 'gift-buyer-email',
};

/** One duration on sale, as a choice on the form: "3 months", "$27". */
export type GiftDurationView = { id: string; months: number; label: string; price: string; isChosen: boolean };

/**
 * The purchase page: the durations on sale, who it is for and from, the message and the delivery
 * day, each field with what was typed and its problem; or, when nothing is on sale, only `notOnSale`.
 */
export type GiftPurchasePageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  isOnSale: boolean;
  planName: string;
  actionUrl: string;
  offersUrl: string;
  durations: GiftDurationView[];
  monthsError: string | null;
  recipientName: CardFieldView;
  recipientEmail: CardFieldView;
  messageField: CardFieldView;
  deliveryDay: CardFieldView & { min: string; max: string };
  buyerName: CardFieldView;
  buyerEmail: CardFieldView;
  maximumMessageLength: number;
  errorSummary: { fieldId: string; message: string }[];
};

/** The fields of the form as typed, each with its problem; the first in error takes the focus. */
export function toGiftPurchaseFields(
  form: GiftPurchaseForm,
  problems: GiftPurchaseProblems,
): Pick<GiftPurchasePageView, 'recipientName' | 'recipientEmail' | 'messageField' | 'buyerName' | 'buyerEmail' | 'monthsError' | 'errorSummary'> & {
  deliveryDay: CardFieldView;
} {
  const firstInError = fieldOrder.find((field) => problems[field] !== undefined) ?? null;
  const view = (field: GiftPurchaseField): CardFieldView => ({
    id: fieldIds[field],
    value: form[field],
    error: problems[field] ?? null,
    isFocused: field === firstInError,
  });
  return {
    recipientName: view('recipientName'),
    recipientEmail: view('recipientEmail'),
    messageField: view('message'),
    deliveryDay: view('deliveryDay'),
    buyerName: view('buyerName'),
    buyerEmail: view('buyerEmail'),
    monthsError: problems.months ?? null,
    errorSummary: fieldOrder.flatMap((field) => {
      const problem = problems[field];
      return problem === undefined ? [] : [{ fieldId: fieldIds[field], message: problem }];
    }),
  };
}

/** Test mode's payment page for a gift: what is paid for, and the card form. */
export type GiftTestCheckoutPageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  payUrl: string;
  cancelUrl: string;
  productName: string;
  recipientName: string;
  deliveryDayLabel: string;
  price: string;
  card: CardFieldView;
  expiry: CardFieldView;
  cvc: CardFieldView;
  postalCode: CardFieldView;
  errorSummary: { fieldId: string; message: string }[];
};

/**
 * The receipt: `paid` shows what was bought, for whom, when it is delivered and the redemption link
 * to copy or print; `confirming` waits for the provider, asking again by itself; `unpaid` says the
 * payment did not go through.
 */
export type GiftReceiptPageView = {
  state: 'paid' | 'confirming' | 'unpaid';
  productName: string;
  price: string;
  buyerName: string;
  buyerEmail: string;
  recipientName: string;
  recipientEmail: string;
  message: string;
  deliveryDayLabel: string;
  isDeliveredToday: boolean;
  redemptionUrl: string;
  checkAgainUrl: string;
  askAgainAfterSeconds: number;
  buyAgainUrl: string;
};

/** The delivery day as the publication writes a date: "December 24, 2026". */
export function formatDeliveryDay(gift: Pick<StoredGiftSubscription, 'deliveryDay'>, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${gift.deliveryDay}T12:00:00Z`));
}
