import type { Account } from '../accounts/account.ts';
import type { PaymentProviderKind } from './commerce-tables.ts';
import type { Offer, Plan } from './plan.ts';
import type { Subscription } from './subscription-repository.ts';

/** Where to send the reader to pay, and the provider's name for that checkout. */
export type CheckoutStart = { redirectUrl: string; providerSessionId: string | null };

/**
 * What Dateline asks of a payment provider. The provider takes the money; Dateline keeps the
 * subscription's state, moved by the provider's events (or, in test mode, by its own charges).
 */
export type PaymentProvider = {
  kind: PaymentProviderKind;
  startCheckout: (input: { checkoutId: string; account: Account; plan: Plan; offer: Offer; successUrl: string; cancelUrl: string }) => Promise<CheckoutStart>;
  cancelAtPeriodEnd: (subscription: Subscription) => Promise<void>;
  resume: (subscription: Subscription) => Promise<void>;
  /** Where the reader manages their card and invoices with the provider; null when the provider has no such page. */
  customerPortalUrl: (subscription: Subscription, returnUrl: string) => Promise<string | null>;
};
