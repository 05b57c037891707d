import type { CheckoutConfirmation, GiftCheckoutConfirmation } from '../payment-provider.ts';

/** A reference Stripe gives as an id or, when expanded, as the object it names. */
type Reference = string | { id: string } | null;

/** The fields of Stripe's Checkout Session that say whether it is paid (the SDK's `Stripe.Checkout.Session` has them). */
export type StripeCheckoutSession = {
  status: string | null;
  payment_status: string;
  subscription: Reference;
  customer: Reference;
};

const idOf = (reference: Reference) => (reference === null ? null : typeof reference === 'string' ? reference : reference.id);

/**
 * Reads a Checkout Session as Stripe's API describes it: `complete` with `paid` (or, for a free
 * trial, `no_payment_required`) and its subscription named is paid; `complete` but `unpaid` is a
 * payment still being processed (a bank debit, say); `open` or `expired` was never paid. A
 * complete session without a subscription is treated as not yet settled: starting one without
 * Stripe's name for it would leave it deaf to Stripe's later events.
 */
export function readCheckoutSession(session: StripeCheckoutSession): CheckoutConfirmation {
  if (session.status === 'open' || session.status === 'expired') return { kind: 'unpaid' };
  if (session.status !== 'complete') return { kind: 'not-yet' };
  const isSettled = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  const providerSubscriptionId = idOf(session.subscription);
  if (!isSettled || providerSubscriptionId === null) return { kind: 'not-yet' };
  return { kind: 'paid', providerSubscriptionId, providerCustomerId: idOf(session.customer) };
}

/** The fields of a payment-mode Checkout Session that say whether a gift is paid. */
export type StripePaymentSession = { id: string; status: string | null; payment_status: string; payment_intent: Reference };

/**
 * Reads a gift's Checkout Session (`mode: 'payment'`): `complete` and `paid` is paid, named by its
 * payment intent (the session's own id when Stripe names none); `complete` but `unpaid` is still
 * being processed; `open` or `expired` was never paid.
 */
export function readGiftCheckoutSession(session: StripePaymentSession): GiftCheckoutConfirmation {
  if (session.status === 'open' || session.status === 'expired') return { kind: 'unpaid' };
  if (session.status !== 'complete' || session.payment_status !== 'paid') return { kind: 'not-yet' };
  return { kind: 'paid', providerPaymentId: idOf(session.payment_intent) ?? session.id };
}
