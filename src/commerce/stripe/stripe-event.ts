import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { stripeSubscriptionStatuses, type StripeSubscriptionSnapshot } from './stripe-snapshot.ts';

/** Stripe's ids and texts as Dateline stores them: never a null character, which PostgreSQL refuses. */
const noNullCharacter = '^[^\\u0000]*$';
const stripeId = Type.String({ minLength: 1, maxLength: 255, pattern: noNullCharacter });
/** Seconds since the epoch, up to the last second of the year 9999, the last a date can be written with. */
const timestamp = Type.Integer({ minimum: 0, maximum: 253_402_300_799 });
/** A reference Stripe may send as an id or, expanded, as the object it names. */
const reference = Type.Union([stripeId, Type.Object({ id: stripeId })]);
const nullable = <Schema extends TSchema>(schema: Schema) => Type.Union([schema, Type.Null()]);

const envelope = Type.Object({
  id: stripeId,
  type: Type.String({ minLength: 1, maxLength: 100, pattern: noNullCharacter }),
  created: timestamp,
  data: Type.Object({ object: Type.Object({}) }),
});

const subscriptionObject = Type.Object({
  object: Type.Literal('subscription'),
  id: stripeId,
  customer: nullable(reference),
  status: Type.Enum(stripeSubscriptionStatuses),
  cancel_at_period_end: Type.Boolean(),
  trial_end: nullable(timestamp),
  ended_at: nullable(timestamp),
  // `seatCheckoutId`: the subscription pays a company's seats (src/organisations/seat-checkout.ts).
  metadata: Type.Object({ checkoutId: Type.Optional(stripeId), seatCheckoutId: Type.Optional(stripeId) }),
  // Since the 2025 API versions the period is the items'; before, it was the subscription's own.
  items: Type.Optional(
    Type.Object({
      data: Type.Array(
        Type.Object({
          current_period_end: Type.Optional(timestamp),
          /** The seats a company's subscription bills; a reader's own has one. */
          quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          // The plan a price made by a plan change bills (stripe-provider.ts); a checkout's own price names none.
          price: Type.Optional(
            Type.Object({ metadata: Type.Optional(Type.Object({ datelinePlanId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$' })) })) }),
          ),
        }),
      ),
    }),
  ),
  current_period_end: Type.Optional(timestamp),
});

const invoiceObject = Type.Object({
  object: Type.Literal('invoice'),
  id: stripeId,
  currency: Type.String({ pattern: '^[A-Za-z]{3}$' }),
  amount_paid: Type.Integer({ minimum: 0 }),
  amount_due: Type.Integer({ minimum: 0 }),
  /** How many times Stripe has tried to take the payment: each failed try is a line of its own in the ledger. */
  attempt_count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  parent: Type.Optional(
    nullable(Type.Object({ subscription_details: Type.Optional(nullable(Type.Object({ subscription: Type.Optional(nullable(reference)) }))) })),
  ),
  // Where API versions before 2025 named the invoice's subscription.
  subscription: Type.Optional(nullable(reference)),
});

/** A card attached to a customer, or changed (by the reader, or by the card network's updater). */
const paymentMethodObject = Type.Object({
  object: Type.Literal('payment_method'),
  customer: nullable(reference),
  card: Type.Optional(
    nullable(
      Type.Object({
        last4: Type.String({ pattern: '^[0-9]{4}$' }),
        exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
        exp_year: Type.Integer({ minimum: 1970, maximum: 9999 }),
      }),
    ),
  ),
});

/** A Checkout Session in payment mode that names a gift subscription (stripe-provider.ts `startGiftCheckout`). */
const giftCheckoutObject = Type.Object({
  object: Type.Literal('checkout.session'),
  id: stripeId,
  mode: Type.String({ maxLength: 50 }),
  payment_status: Type.String({ maxLength: 50 }),
  payment_intent: Type.Optional(nullable(reference)),
  metadata: Type.Optional(nullable(Type.Object({ datelineGiftId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$' })) }))),
});

const checkEnvelope = Compile(envelope);
const checkGiftCheckout = Compile(giftCheckoutObject);
const checkSubscription = Compile(subscriptionObject);
const checkInvoice = Compile(invoiceObject);
const checkPaymentMethod = Compile(paymentMethodObject);

type EventHead = { id: string; type: string; created: Date };
export type StripeInvoice = {
  id: string;
  subscriptionId: string | null;
  amountPaidMinor: number;
  amountDueMinor: number;
  /** Upper case, as Dateline's plans name currencies. */
  currency: string;
  attemptCount: number;
};
/** A customer's card, as Stripe's payment-method events tell it: where its expiry is learned. */
export type StripeCard = { customerId: string; last4: string; expiryMonth: number; expiryYear: number };

/** A verified Stripe event in Dateline's terms: the subscription or invoice it carries, or only its head for events not acted on. */
export type StripeEvent =
  | (EventHead & { kind: 'subscription'; subscription: StripeSubscriptionSnapshot })
  | (EventHead & { kind: 'invoice-paid'; invoice: StripeInvoice })
  | (EventHead & { kind: 'invoice-payment-failed'; invoice: StripeInvoice })
  | (EventHead & { kind: 'card'; card: StripeCard })
  /** A gift subscription's checkout paid (at once, or once a slower payment method settled), named by Dateline's gift id. */
  | (EventHead & { kind: 'gift-paid'; giftId: number; providerPaymentId: string })
  | (EventHead & { kind: 'other' });

/** A signed event that is not what Stripe's API promises: its id when it has one, and what was wrong, in words for the log. */
export type MalformedStripeEvent = { kind: 'malformed'; eventId: string | null; problem: string };

const subscriptionEventTypes: ReadonlySet<string> = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
]);

/** Where Stripe tells that a Checkout Session was paid: at once, or later for a payment method that settles slowly. */
const giftCheckoutEventTypes: ReadonlySet<string> = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/** Where Stripe tells of a customer's card and its expiry (the card updater's changes included). */
const paymentMethodEventTypes: ReadonlySet<string> = new Set(['payment_method.attached', 'payment_method.updated', 'payment_method.automatically_updated']);

/** "data.object.status must be …": the first thing wrong, named by where it is. */
function describeSchemaError(error: TLocalizedValidationError | undefined, at: string): string {
  if (error === undefined) return `${at} is not what Stripe sends`;
  const path = [at, ...error.instancePath.split('/').filter((part) => part !== '')].join('.');
  if (error.keyword === 'required' && 'requiredProperties' in error.params && Array.isArray(error.params.requiredProperties)) {
    return `${path}.${error.params.requiredProperties.join(', ')} is missing`;
  }
  if (error.keyword === 'enum' && 'allowedValues' in error.params && Array.isArray(error.params.allowedValues)) {
    return `${path} must be one of ${error.params.allowedValues.join(', ')}`;
  }
  return `${path} ${error.message}`;
}

const dateOf = (seconds: number) => new Date(seconds * 1000);
const idOf = (value: Static<typeof reference>) => (typeof value === 'string' ? value : value.id);

/** The largest id a table holds: ids are PostgreSQL integers. */
const largestId = 2_147_483_647;

/** A Dateline id carried in Stripe's metadata (a plan's, a gift's), or null when it can be no row's. */
function planIdOf(text: string | undefined): number | null {
  const id = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(id) && id >= 1 && id <= largestId ? id : null;
}

function snapshotOf(object: Static<typeof subscriptionObject>): StripeSubscriptionSnapshot | string {
  const periodEnd = object.items?.data[0]?.current_period_end ?? object.current_period_end;
  if (periodEnd === undefined) return 'data.object has no current_period_end, on its first item or itself';
  return {
    id: object.id,
    customerId: object.customer === null ? null : idOf(object.customer),
    status: object.status,
    cancelAtPeriodEnd: object.cancel_at_period_end,
    currentPeriodEnd: dateOf(periodEnd),
    trialEnd: object.trial_end === null ? null : dateOf(object.trial_end),
    endedAt: object.ended_at === null ? null : dateOf(object.ended_at),
    checkoutId: object.metadata.checkoutId ?? null,
    seatCheckoutId: object.metadata.seatCheckoutId ?? null,
    quantity: object.items?.data[0]?.quantity ?? null,
    planId: planIdOf(object.items?.data[0]?.price?.metadata?.datelinePlanId),
  };
}

function invoiceOf(object: Static<typeof invoiceObject>): StripeInvoice {
  const subscription = object.parent?.subscription_details?.subscription ?? object.subscription ?? null;
  return {
    id: object.id,
    subscriptionId: subscription === null ? null : idOf(subscription),
    amountPaidMinor: object.amount_paid,
    amountDueMinor: object.amount_due,
    currency: object.currency.toUpperCase(),
    attemptCount: object.attempt_count,
  };
}

/**
 * Reads an event whose signature has been checked. Its envelope, and the object of every event type
 * Dateline acts on, must be as Stripe's API describes them; anything else is malformed, so that it is
 * refused as the sender's fault rather than failing somewhere in the handling as the server's.
 */
export function parseStripeEvent(value: unknown): StripeEvent | MalformedStripeEvent {
  const eventId = typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' ? value.id : null;
  const malformed = (problem: string): MalformedStripeEvent => ({ kind: 'malformed', eventId, problem });
  if (!checkEnvelope.Check(value)) return malformed(describeSchemaError(checkEnvelope.Errors(value)[0], 'event'));
  const head = { id: value.id, type: value.type, created: dateOf(value.created) };
  const object = value.data.object;
  if (subscriptionEventTypes.has(value.type)) {
    if (!checkSubscription.Check(object)) return malformed(describeSchemaError(checkSubscription.Errors(object)[0], 'data.object'));
    const subscription = snapshotOf(object);
    return typeof subscription === 'string' ? malformed(subscription) : { ...head, kind: 'subscription', subscription };
  }
  if (value.type === 'invoice.paid' || value.type === 'invoice.payment_failed') {
    if (!checkInvoice.Check(object)) return malformed(describeSchemaError(checkInvoice.Errors(object)[0], 'data.object'));
    return { ...head, kind: value.type === 'invoice.paid' ? 'invoice-paid' : 'invoice-payment-failed', invoice: invoiceOf(object) };
  }
  if (giftCheckoutEventTypes.has(value.type)) {
    if (!checkGiftCheckout.Check(object)) return malformed(describeSchemaError(checkGiftCheckout.Errors(object)[0], 'data.object'));
    const giftId = planIdOf(object.metadata?.datelineGiftId);
    // A subscription's checkout starts its subscription by the subscription's own events; a payment still processing waits for its settling event.
    if (object.mode !== 'payment' || giftId === null || object.payment_status !== 'paid') return { ...head, kind: 'other' };
    const paymentIntent = object.payment_intent ?? null;
    return { ...head, kind: 'gift-paid', giftId, providerPaymentId: paymentIntent === null ? object.id : idOf(paymentIntent) };
  }
  if (paymentMethodEventTypes.has(value.type)) {
    if (!checkPaymentMethod.Check(object)) return malformed(describeSchemaError(checkPaymentMethod.Errors(object)[0], 'data.object'));
    // A payment method that is not a card, or not a customer's, has no expiry to warn of.
    if (object.card === undefined || object.card === null || object.customer === null) return { ...head, kind: 'other' };
    const { last4, exp_month, exp_year } = object.card;
    return { ...head, kind: 'card', card: { customerId: idOf(object.customer), last4, expiryMonth: exp_month, expiryYear: exp_year } };
  }
  return { ...head, kind: 'other' };
}
