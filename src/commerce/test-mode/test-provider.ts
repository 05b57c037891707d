import { cardPath, type PaymentProvider } from '../payment-provider.ts';

export const testCheckoutPath = '/checkout/test';
/** Test mode's payment page for a gift subscription, by the gift's checkout id. */
export const testGiftCheckoutPath = '/gift-subscriptions/test-checkout';
/** Test mode's payment page for a company's seats (src/web/organisations). */
export const testSeatCheckoutPath = '/organisations/buy/pay';

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
    startGiftCheckout: async ({ checkoutId }) => ({ redirectUrl: `${testGiftCheckoutPath}/${checkoutId}`, providerSessionId: null }),
    // As for subscriptions: the test page confirms the gift before it sends the buyer on.
    confirmGiftCheckout: async () => ({ kind: 'unpaid' }),
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
    // A plan change is charged to the card on file and renewed at the new price from Dateline's own tables (change-plan.ts).
    changePlanNow: async () => ({ kind: 'card-on-file' }),
    schedulePlanChange: async () => {},
    withdrawPlanChange: async () => {},
    startSeatCheckout: async ({ checkoutId }) => ({ redirectUrl: `${testSeatCheckoutPath}/${checkoutId}`, providerSessionId: null }),
    // Added seats are charged to the buyer's card on file, and renewals priced from the contract's seats (src/organisations/seat-changes.ts and seat-renewals.ts).
    changeSeats: async () => ({ kind: 'card-on-file' }),
    setSeatsCanceling: async () => {},
  };
}
