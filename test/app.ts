import { loadConfig } from '../src/config/config.ts';
import type { Resolver } from '../src/crawlers/verify-crawler.ts';
import type { OpenDatabase } from '../src/db/database.ts';
import { choosePaymentProvider } from '../src/commerce/payment-provider-choice.ts';
import { buildApp } from '../src/server.ts';

/** DNS that knows no address: tests never reach a real resolver. */
export const offlineResolver: Resolver = {
  reverse: async () => {
    throw Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' });
  },
  lookup: async () => [],
};

/** The real app on a test database, silent, caching pages as in production, with the clock given. */
export async function buildTestApp(
  database: OpenDatabase & { dataDir: string },
  {
    now = () => new Date(),
    resolver = offlineResolver,
    isCachingPages = true,
    env = {},
    onRoute,
  }: {
    now?: () => Date;
    resolver?: Resolver;
    isCachingPages?: boolean;
    env?: Record<string, string>;
    onRoute?: (route: { method: string; url: string }) => void;
  } = {},
) {
  const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/', ...env }, process.cwd());
  const paymentProvider = choosePaymentProvider(config, database.db);
  return buildApp({
    config,
    db: database.db,
    dialect: database.dialect,
    now,
    logger: false,
    resolver,
    isCachingPages,
    paymentProvider,
    ...(onRoute ? { onRoute } : {}),
  });
}
