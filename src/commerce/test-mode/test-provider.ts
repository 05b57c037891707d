import { cardPath, type PaymentProvider } from '../payment-provider.ts';

export const testCheckoutPath = '/checkout/test';

/**
 * The built-in provider for the embedded default and for tests: checkout happens on a page of our
 * own that takes Stripe's test card numbers, and renewals are charged by the job loop against the
 * test card on file. Refused at start in production.
 */
export function createTestPaymentProvider(): PaymentProvider {
  return {
    kind: 'test',
    startCheckout: async ({ checkoutId }) => ({ redirectUrl: `${testCheckoutPath}/${checkoutId}`, providerSessionId: null }),
    // The test checkout completes on our own page before it sends the reader back, so a checkout
    // still open on their return was never paid.
    confirmCheckout: async () => ({ kind: 'unpaid' }),
    cancelAtPeriodEnd: async () => {},
    resume: async () => {},
    // Test mode's stand-in for Stripe's portal is its own card page.
    customerPortalUrl: async () => cardPath,
  };
}
