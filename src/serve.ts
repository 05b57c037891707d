import { ConfigError } from './config/config.ts';
import { DatabaseUnavailableError } from './db/database.ts';
import { choosePaymentProvider } from './commerce/payment-provider-choice.ts';
import { runSubscriptionJobs } from './commerce/subscription-jobs.ts';
import { publishDueArticles } from './content/publish-due-articles.ts';
import { issueSetupToken } from './admin/first-admin.ts';
import { startJobLoop } from './job-loop.ts';
import { mailerOf } from './mail/mailer.ts';
import { buildApp } from './server.ts';
import { completeRenditions, configFromEnvironment, loadDemoIfEmpty, prepareDatabase } from './start.ts';

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  const loaded = await loadDemoIfEmpty(config, database);
  const paymentProvider = choosePaymentProvider(config, database.db);
  const mailer = mailerOf(config);
  const app = await buildApp({ config, db: database.db, dialect: database.dialect, paymentProvider, mailer });
  if (loaded > 0) app.log.info(`Loaded the demo publication: ${loaded} articles`);
  const renditions = await completeRenditions(config, database, (report) => {
    if (report.completed > 0) app.log.info(`Image renditions: ${report.completed} images completed of ${report.checked} checked`);
  });
  if (renditions.unrecoverable.length > 0) {
    app.log.warn(
      { keys: renditions.unrecoverable.slice(0, 20) },
      `Image renditions: ${renditions.unrecoverable.length} images have no file left to make their renditions from`,
    );
  }
  const commerce = {
    db: database.db,
    dialect: database.dialect,
    provider: paymentProvider,
    mailer,
    publicUrl: config.publicUrl,
  };
  const jobLoop = startJobLoop({
    jobs: [
      { name: 'scheduled articles', run: (now) => publishDueArticles(database.db, now) },
      { name: 'subscriptions', run: (now) => runSubscriptionJobs(commerce, now) },
    ],
    intervalMs: config.jobIntervalMs,
    log: app.log,
  });

  let isClosing = false;
  const shutDown = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    app.log.info(`${signal} received, closing`);
    await jobLoop.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutDown('SIGINT'));
  process.on('SIGTERM', () => void shutDown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const setupToken = await issueSetupToken(database.db, new Date());
  if (setupToken) {
    const link = new URL(`admin/setup?token=${encodeURIComponent(setupToken)}`, config.publicUrl);
    // Printed, not logged as data: the operator copies it from the terminal; it works once, for a day.
    console.log(`\nNo administrator yet. Create the first one with this one-time link:\n${link.toString()}\n`);
  }
}

main().catch((error: unknown) => {
  // A bad setting or an unreachable database is the operator's to fix: one clear line, no stack.
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(`dateline: ${error.message}`);
  } else {
    console.error('dateline: could not start:', error);
  }
  process.exit(1);
});
