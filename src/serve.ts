import { runSeatRenewals } from './organisations/seat-renewals.ts';
import cluster from 'node:cluster';
import { ConfigError, type Config } from './config/config.ts';
import { DatabaseUnavailableError, openDatabase } from './db/database.ts';
import { choosePaymentProvider } from './commerce/payment-provider-choice.ts';
import { runSubscriptionJobs } from './commerce/subscription-jobs.ts';
import { applyDuePlanChanges } from './commerce/change-plan.ts';
import { runDunningJobs } from './commerce/dunning-jobs.ts';
import { createDueDailyDigests } from './newsletters/daily-digest.ts';
import { publishDueArticles } from './content/publish-due-articles.ts';
import { startJobLoop } from './job-loop.ts';
import { rollUpInsights } from './insights/insight-rollups.ts';
import { mailerOf } from './mail/mailer.ts';
import { recordingMailer } from './mail/sent-mails.ts';
import { buildApp } from './server.ts';
import { createInsightLedger } from './insights/insight-ledger.ts';
import { deriveReaderKeys } from './insights/reader-key.ts';
import { deleteExpiredInsightEvents } from './insights/insight-keeping-repository.ts';
import { preferencesUrl, unsubscribeUrl } from './http/newsletter-paths.ts';
import { continuationUrl, redemptionUrl } from './http/gift-subscription-paths.ts';
import { runGiftSubscriptionJobs } from './gift-subscriptions/gift-subscription-jobs.ts';
import { deriveRedemptionCodeKey } from './gift-subscriptions/redemption-code.ts';
import { queueDueSends } from './newsletters/delivery/queue-send.ts';
import { startNewsletterSending } from './newsletters/delivery/start-newsletter-sending.ts';
import { deriveNewsletterLinkKey } from './newsletters/newsletter-link.ts';
import { derivePreferencesLinkKey } from './newsletters/preferences-link.ts';
import { configFromEnvironment, prepareSite } from './start.ts';
import { createDrain, drainServer, idleGraceMsOf } from './supervision/drain.ts';
import { createProcessLog } from './supervision/process-log.ts';
import { isRunningJobLoop, superviseWorkers } from './supervision/supervise-workers.ts';

/**
 * `npm start`. With one server process (WEB_CONCURRENCY=1, development's default) this process does
 * the start-up work and serves. With more, this process is the primary: it does the start-up work
 * once, then forks the server processes, which share the port, and supervises them.
 */
async function main(): Promise<void> {
  const config = configFromEnvironment();
  if (cluster.isWorker) return serveSite(config);
  const log = createProcessLog();
  const setupLink = await prepareSite(config, log);
  const printSetupLink = () => {
    // Printed, not logged as data: the operator copies it from the terminal; it works once, for a day.
    if (setupLink) console.log(`\nNo administrator yet. Create the first one with this one-time link:\n${setupLink.toString()}\n`);
  };
  if (config.webConcurrency === 1) {
    await serveSite(config);
    printSetupLink();
    return;
  }
  log.info(`Starting ${config.webConcurrency} server processes`);
  superviseWorkers({ count: config.webConcurrency, drainMs: config.drainMs, log, onServing: printSetupLink });
}

/** One server process: builds the app on the database the start-up prepared, listens, and drains on SIGTERM or SIGINT. */
async function serveSite(config: Config): Promise<void> {
  const database = await openDatabase(config.database);
  const paymentProvider = choosePaymentProvider(config, database.db);
  const mailer = mailerOf(config);
  const drain = createDrain();
  const app = await buildApp({ config, db: database.db, dialect: database.dialect, paymentProvider, mailer, drain });
  // The app records the mails it sends itself, and its insight events; the job loop's (receipts, reminders, renewals, expiries) are recorded here.
  const jobInsights = createInsightLedger({
    db: database.db,
    dialect: database.dialect,
    keys: deriveReaderKeys(config.secret),
    problems: {
      onWriteFailed: (error, buffered) => app.log.error({ err: error, buffered }, 'insight events could not be written; they are kept for the next try'),
      onDropped: (count) => app.log.warn({ dropped: count }, 'insight events dropped: the buffer is full while the database refuses them'),
    },
  });
  const commerce = {
    db: database.db,
    dialect: database.dialect,
    provider: paymentProvider,
    mailer: recordingMailer(mailer, { db: database.db, now: () => new Date() }),
    publicUrl: config.publicUrl,
    insights: jobInsights,
  };
  const giftSubscriptionJobs = {
    db: database.db,
    mailer: commerce.mailer,
    key: deriveRedemptionCodeKey(config.secret),
    links: {
      redemption: (code: string) => redemptionUrl(config.publicUrl, code).toString(),
      continuation: (offerSlug: string | null) => continuationUrl(config.publicUrl, offerSlug).toString(),
    },
  };
  const jobLoop = isRunningJobLoop()
    ? startJobLoop({
        jobs: [
          { name: 'scheduled articles', run: (now) => publishDueArticles(database.db, now) },
          // After the articles, so a section's digest gathers those that have just gone live.
          { name: 'daily newsletter digests', run: (now) => createDueDailyDigests(database.db, now) },
          // Before the renewals, so a downgrade due at the period's end renews at its new price.
          { name: 'plan changes due', run: (now) => applyDuePlanChanges(commerce, now) },
          { name: 'subscriptions', run: (now) => runSubscriptionJobs(commerce, now) },
          { name: "organisations' seat renewals", run: (now) => runSeatRenewals(commerce, now) },
          // After the renewals, so a payment that has just failed has its day-0 reminder in the same pass.
          { name: 'dunning', run: (now) => runDunningJobs(commerce, now) },
          { name: 'gift subscriptions', run: (now) => runGiftSubscriptionJobs(giftSubscriptionJobs, now) },
          { name: 'insight rollups', run: (now) => rollUpInsights(database.db, now) },
          { name: 'insight events past their keeping', run: (now) => deleteExpiredInsightEvents(database.db, now) },
          // After the scheduled articles, so a send waiting on an article published this pass goes out in it.
          { name: 'newsletter sends due', run: (now) => queueDueSends(database.db, now) },
        ],
        intervalMs: config.jobIntervalMs,
        log: app.log,
      })
    : null;
  // The sender runs beside the job loop: one per instance, sharing the queue with the others' (docs/decisions/0036).
  const newsletterSending = isRunningJobLoop()
    ? startNewsletterSending({
        config,
        db: database.db,
        dialect: database.dialect,
        log: app.log,
        siteUrl: config.publicUrl,
        pages: { unsubscribeUrl, preferencesUrl },
        newsletterLinkKey: deriveNewsletterLinkKey(config.secret),
        preferencesLinkKey: derivePreferencesLinkKey(config.secret),
      })
    : null;

  const shutDown = async (signal: string) => {
    if (drain.isDraining) return;
    app.log.info(`${signal} received: draining (at most ${config.drainMs / 1000} s)`);
    const { isCut } = await drainServer(app, { drain, deadlineMs: config.drainMs, idleGraceMs: idleGraceMsOf(config.drainMs) });
    await jobLoop?.stop();
    await newsletterSending?.stop();
    await jobInsights.close();
    await database.close();
    app.log.info(isCut ? 'Stopped, with connections cut at the deadline' : 'Drained and stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutDown('SIGINT'));
  process.on('SIGTERM', () => void shutDown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
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
