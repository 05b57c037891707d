import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { Dialect } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import type { NewsletterLinkKey } from '../newsletter-link.ts';
import type { PreferencesLinkKey } from '../preferences-link.ts';
import { editionSourceOf } from './edition-source.ts';
import { createSenderState, sendBatch, type EditionSource, type NewsletterPages } from './send-deliveries.ts';
import { createSmtpTransport, type NewsletterTransport } from './smtp-transport.ts';

export type NewsletterSendingOptions = {
  config: Pick<Config, 'smtpUrl' | 'newsletterRatePerSecond' | 'newsletterSmtpConnections' | 'newsletterLeaseMs'>;
  db: Kysely<Tables>;
  dialect: Dialect;
  log: FastifyBaseLogger;
  siteUrl: URL;
  /** src/http/newsletter-paths.ts's unsubscribeUrl and preferencesUrl. */
  pages: NewsletterPages;
  newsletterLinkKey: NewsletterLinkKey;
  preferencesLinkKey: PreferencesLinkKey;
  /** The SMTP pool from the config unless given (tests give their own server's). */
  transport?: NewsletterTransport;
  editions?: EditionSource;
  /** How long an idle sender waits before looking at the queue again. */
  idleMs?: number;
};

/**
 * This process's newsletter sender: claims batches of queued deliveries and mails them until
 * stopped. Every instance that runs the job loop runs one; they share the queue, and the claim
 * gives each delivery to one of them (docs/decisions/0036). Without SMTP_URL nothing is sent: the
 * deliveries wait in the queue for an instance that can send them.
 */
export function startNewsletterSending(options: NewsletterSendingOptions): { stop: () => Promise<void> } {
  const { config, log } = options;
  const transport =
    options.transport ??
    (config.smtpUrl === null
      ? null
      : createSmtpTransport({ url: config.smtpUrl, connections: config.newsletterSmtpConnections, ratePerSecond: config.newsletterRatePerSecond }));
  if (transport === null) {
    log.warn('Newsletters are not sent from this instance: SMTP_URL is not set');
    return { stop: async () => {} };
  }
  const sender = {
    db: options.db,
    dialect: options.dialect,
    transport,
    editions: options.editions ?? editionSourceOf(options.db, options.siteUrl),
    siteUrl: options.siteUrl,
    pages: options.pages,
    newsletterLinkKey: options.newsletterLinkKey,
    preferencesLinkKey: options.preferencesLinkKey,
    leaseMs: config.newsletterLeaseMs,
  };
  const state = createSenderState(options.db, {
    dialect: options.dialect,
    reportError: (error) => log.error({ err: error }, 'Newsletter messages went out but could not be recorded as sent; they will be mailed again'),
  });
  const idleMs = options.idleMs ?? 1000;
  // Two seconds' worth at the configured rate: a batch ends well inside its lease, and a stop waits little.
  const limit = Math.max(config.newsletterSmtpConnections, Math.min(1000, config.newsletterRatePerSecond * 2));
  // Twice as many messages under way as connections: one composed and waiting takes a connection the
  // moment the message before it is done, as the bound's pool does with its queue (docs/decisions/0038).
  const concurrency = config.newsletterSmtpConnections * 2;
  let isStopping = false;
  let wake = () => {};
  const loop = (async () => {
    while (!isStopping) {
      let claimed = 0;
      try {
        const result = await sendBatch(sender, state, { limit, concurrency, isStopping: () => isStopping });
        claimed = result.claimed;
        if (claimed > 0) log.debug({ newsletterBatch: result }, 'newsletter batch');
      } catch (error) {
        log.error({ err: error }, 'A newsletter batch failed; its deliveries go back to the queue when their lease runs out');
      }
      if (claimed === 0 && !isStopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    stop: async () => {
      isStopping = true;
      wake();
      await loop;
      await transport.close();
    },
  };
}
