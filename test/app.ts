import { loadConfig } from '../src/config/config.ts';
import type { Resolver } from '../src/crawlers/verify-crawler.ts';
import type { OpenDatabase } from '../src/db/database.ts';
import type Stripe from 'stripe';
import { choosePaymentProvider } from '../src/commerce/payment-provider-choice.ts';
import { createStripePaymentProvider } from '../src/commerce/stripe/stripe-provider.ts';
import { buildApp } from '../src/server.ts';

/** DNS that knows no address: tests never reach a real resolver. */
export const offlineResolver: Resolver = {
  reverse: async () => {
    throw Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' });
  },
  lookup: async () => [],
};

/**
 * The real app on a test database, silent, caching pages as in production, with the clock given.
 * `stripe` pays through that client (a stand-in's) rather than the provider the environment chooses;
 * `logger` listens where a test reads the log.
 */
export async function buildTestApp(
  database: OpenDatabase & { dataDir: string },
  {
    now = () => new Date(),
    resolver = offlineResolver,
    isCachingPages = true,
    env = {},
    onRoute,
    stripe,
    logger = false,
  }: {
    now?: () => Date;
    resolver?: Resolver;
    isCachingPages?: boolean;
    env?: Record<string, string>;
    onRoute?: (route: { method: string; url: string }) => void;
    stripe?: Stripe;
    logger?: Parameters<typeof buildApp>[0]['logger'];
  } = {},
) {
  const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/', ...env }, process.cwd());
  const paymentProvider =
    stripe === undefined ? choosePaymentProvider(config, database.db) : createStripePaymentProvider({ stripe: async () => stripe, db: database.db });
  return buildApp({
    config,
    db: database.db,
    dialect: database.dialect,
    now,
    logger,
    resolver,
    isCachingPages,
    paymentProvider,
    ...(onRoute ? { onRoute } : {}),
  });
}
