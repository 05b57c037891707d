import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { createStripeClient, createStripePaymentProvider } from './stripe/stripe-provider.ts';
import { createTestPaymentProvider } from './test-mode/test-provider.ts';

/** Stripe when its keys are set; otherwise the test-mode provider (configuration refuses that in production). */
export function choosePaymentProvider(config: Config, db: Database): PaymentProvider {
  return config.stripe ? createStripePaymentProvider({ stripe: createStripeClient(config.stripe.secretKey), db }) : createTestPaymentProvider();
}
