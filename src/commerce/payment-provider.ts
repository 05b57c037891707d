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
};
