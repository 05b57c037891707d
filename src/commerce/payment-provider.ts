import type { Account } from '../accounts/account.ts';
import type { PaymentProviderKind } from './commerce-tables.ts';
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
  /** Where the reader manages their card and invoices with the provider; null when the provider has no such page. */
  customerPortalUrl: (subscription: Subscription, returnUrl: string) => Promise<string | null>;
};
