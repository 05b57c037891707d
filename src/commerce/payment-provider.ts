import type { Account } from '../accounts/account.ts';
import type { PaymentProviderKind } from './commerce-tables.ts';
import type { Payment } from './payment-ledger.ts';
import type { Offer, Plan } from './plan.ts';
import type { Subscription } from './subscription-repository.ts';

/**
 * The site's address for "update your card", which the payment-failed banner and mails link to:
 * test mode's own card page, or with Stripe the way into its customer portal.
 */
export const cardPath = '/account/card';

/** Where to send the reader to pay, and the provider's name for that checkout. */
export type CheckoutStart = { redirectUrl: string; providerSessionId: string | null };

/**
 * What the provider says of a checkout the reader has come back from: paid (with the provider's
 * names for the subscription and customer it made), not yet settled, left unpaid (the reader never
 * paid, or the checkout expired), or no answer at all (the provider could not be reached).
 */
export type CheckoutConfirmation =
  | { kind: 'paid'; providerSubscriptionId: string; providerCustomerId: string | null }
  | { kind: 'not-yet' }
  | { kind: 'unpaid' }
  | { kind: 'unreachable'; problem: string };

/**
 * A gift subscription's one payment, as the provider is asked to take it: the amount, in the
 * currency's minor unit, under the product's name ("3 months of Digital"), with Dateline's gift id
 * so the provider's event names the gift it pays for.
 */
export type GiftCheckoutRequest = {
  checkoutId: string;
  giftId: number;
  productName: string;
  amountMinor: number;
  currency: string;
  buyerEmail: string;
  successUrl: string;
  cancelUrl: string;
};

/**
 * What the provider says of a gift's checkout the buyer has come back from: paid (with the provider's
 * id for the payment, which keeps it once in the payments ledger), not yet settled, never paid, or
 * no answer at all.
 */
export type GiftCheckoutConfirmation =
  | { kind: 'paid'; providerPaymentId: string }
  | { kind: 'not-yet' }
  | { kind: 'unpaid' }
  | { kind: 'unreachable'; problem: string };

/**
 * A retention offer as the provider applies it: a percentage off the renewals of the next months,
 * or no collection until a date.
 */
export type RetentionTerms = { kind: 'discount'; percentOff: number; durationInMonths: number } | { kind: 'pause'; resumesAt: Date };

/**
 * How restarting an ended subscription went: the provider charged the card it keeps and the new
 * subscription runs to `currentPeriodEnd`; the card was declined or missing (the reader goes through
 * checkout instead); or, in test mode, Dateline charges the card on file itself, as for renewals.
 */
export type RestartOutcome =
  | { kind: 'started'; providerSubscriptionId: string; providerCustomerId: string; currentPeriodEnd: Date; amountMinor: number }
  | { kind: 'declined' }
  | { kind: 'card-on-file' };

/**
 * How moving a subscription to another plan at once went: the provider charged what was due (its
 * invoice reaches the ledger with the invoice's event), the card was declined (nothing changed), or,
 * in test mode, Dateline charges the card on file itself.
 */
export type PlanChangeCharge = { kind: 'charged' } | { kind: 'declined' } | { kind: 'card-on-file' };

/**
 * What Dateline asks of a payment provider. The provider takes the money; Dateline keeps the
 * subscription's state, moved by the provider's events (or, in test mode, by its own charges).
 */
export type PaymentProvider = {
  kind: PaymentProviderKind;
  startCheckout: (input: { checkoutId: string; account: Account; plan: Plan; offer: Offer; successUrl: string; cancelUrl: string }) => Promise<CheckoutStart>;
  /**
   * Asks, while the reader waits, whether a checkout they have come back from is paid: the provider's
   * event saying so may not have arrived yet. Never throws; a provider that cannot be asked is `unreachable`.
   */
  confirmCheckout: (checkout: { providerSessionId: string | null }) => Promise<CheckoutConfirmation>;
  /** Opens a one-off payment for a gift subscription; the buyer goes to `redirectUrl` to pay. */
  startGiftCheckout: (input: GiftCheckoutRequest) => Promise<CheckoutStart>;
  /** Asks, while the buyer waits, whether a gift's checkout is paid. Never throws, as `confirmCheckout`. */
  confirmGiftCheckout: (checkout: { providerSessionId: string | null }) => Promise<GiftCheckoutConfirmation>;
  cancelAtPeriodEnd: (subscription: Subscription) => Promise<void>;
  resume: (subscription: Subscription) => Promise<void>;
  /**
   * Ends the subscription at once, with nothing more billed: the desk's "cancel now", and a reader's
   * account being deleted. One the provider has already ended counts as done.
   */
  cancelNow: (subscription: Subscription) => Promise<void>;
  /** Moves a trialing subscription's first charge to `trialEnd`. */
  extendTrial: (subscription: Subscription, trialEnd: Date) => Promise<void>;
  /**
   * Pays a charge back in full. Asking twice for the same charge refunds it once: the provider's
   * refund id comes back the same, and the ledger records it once.
   */
  refund: (charge: Payment) => Promise<{ providerRefundId: string }>;
  /** Where the reader manages their card and invoices with the provider; null when the provider has no such page. */
  customerPortalUrl: (subscription: Subscription, returnUrl: string) => Promise<string | null>;
  /** Applies a retention offer the reader accepted to their subscription with the provider. */
  applyRetentionOffer: (subscription: Subscription, terms: RetentionTerms) => Promise<void>;
  /** Starts an ended subscription again at its plan, charging the reader's card on file. */
  restartSubscription: (input: { ended: Subscription; plan: Plan }) => Promise<RestartOutcome>;
  /** Moves the subscription to `plan` now, charging the proration at once (nothing in a trial). */
  changePlanNow: (input: { subscription: Subscription; plan: Plan; isTrial: boolean }) => Promise<PlanChangeCharge>;
  /** Has the subscription renew on `plan` when its period ends at `at`. */
  schedulePlanChange: (input: { subscription: Subscription; plan: Plan; at: Date }) => Promise<void>;
  /** Calls off a scheduled change: the subscription renews on the plan it has. */
  withdrawPlanChange: (subscription: Subscription) => Promise<void>;
  /**
   * A company buying seats (src/organisations): one subscription to `plan` with `seats` as its
   * quantity, paid by the reader buying; `checkoutId` comes back on the provider's events.
   */
  startSeatCheckout: (input: {
    checkoutId: string;
    account: Account;
    plan: Plan;
    seats: number;
    successUrl: string;
    cancelUrl: string;
  }) => Promise<CheckoutStart>;
  /** Moves a company's subscription to `seats`: more are charged now for the rest of the period, fewer lower the next renewal. */
  changeSeats: (input: { providerSubscriptionId: string | null; seats: number; isIncrease: boolean }) => Promise<PlanChangeCharge>;
  /** Has a company's subscription stop at its period's end (`isCanceling`), or renew again. */
  setSeatsCanceling: (input: { providerSubscriptionId: string | null; isCanceling: boolean }) => Promise<void>;
};
