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
    // Test mode bills nothing by itself (the job loop charges renewals from the subscription's own
    // state), so ending a subscription or moving its trial needs no word to anyone.
    cancelNow: async () => {},
    extendTrial: async () => {},
    // No money moved, so none goes back: the ledger's line is the refund. One id per charge keeps it once.
    refund: async (charge) => ({ providerRefundId: `test_refund_${charge.id}` }),
    // Test mode's stand-in for Stripe's portal is its own card page.
    customerPortalUrl: async () => cardPath,
    // Test-mode renewals read the retention offer taken from Dateline's own tables (subscription-jobs.ts).
    applyRetentionOffer: async () => {},
    restartSubscription: async () => ({ kind: 'card-on-file' }),
  };
}
