import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createHmac } from 'node:crypto';
import { deriveMeterCookieKey } from './access/meter-cookie.ts';
import { deriveGiftLinkKey } from './gifts/gift-token.ts';
import { deriveRedemptionCodeKey } from './gift-subscriptions/redemption-code.ts';
import { derivePreferencesLinkKey } from './newsletters/preferences-link.ts';
import { deriveNewsletterLinkKey } from './newsletters/newsletter-link.ts';
import type { Config } from './config/config.ts';
import { createCrawlerVerifier, systemResolver, type Resolver } from './crawlers/verify-crawler.ts';
import { mailerOf, type Mailer } from './mail/mailer.ts';
import { recordingMailer } from './mail/sent-mails.ts';
import type { PaymentProvider } from './commerce/payment-provider.ts';
import type { Database, Dialect } from './db/database.ts';
import { mediaDirOf } from './content/media-folder.ts';
import { createContentVersionSource } from './settings/content-version.ts';
import { openArticleSearch } from './search/article-search.ts';
import { createEditionCache } from './reading/edition-cache.ts';
import { createIdentityCache } from './http/identity-cache.ts';
import { refuseEndlessNumbers } from './web/endless-numbers.ts';
import { createFormTokensLately, formSecretCookieName, formSecretCookieOptions, formTokenBinding, oneFormTokenPerAnswer } from './http/form-secret.ts';
import { headersNeedlessFor, securityHeaders } from './web/security-headers.ts';
import { prepareCompressedAssets } from './web/compressed-assets.ts';
import { OneLinePerRequest } from './web/request-log.ts';
import { createLogBatches } from './web/log-batches.ts';
import { refuseNullInAddress, refuseUnreadableBody } from './web/unreadable-input.ts';
import { createCookieSigner } from './web/cookie-signer.ts';
import { registerCrossOriginAccess } from './web/cross-origin.ts';
import { DomainError } from './errors/domain-error.ts';
import { retryAfterOf, statusOf } from './http/error-status.ts';
import { HttpError } from './http/http-errors.ts';
import { sendPage } from './web/render-page.ts';
import { registerAccountRoutes } from './web/routes/accounts/account.ts';
import { registerOwnDataRoutes } from './web/routes/accounts/own-data.ts';
import { registerGiftRoutes } from './web/gifts/gift-routes.ts';
import { registerGiftSubscriptionRedemptionRoutes } from './web/gift-subscriptions/redemption-routes.ts';
import { registerGiftSubscriptionPurchaseRoutes, registerGiftSubscriptionTestCheckoutRoutes } from './web/gift-subscriptions/purchase-routes.ts';
import { registerNewsletterRoutes } from './web/newsletters/newsletter-routes.ts';
import { registerLogInRoutes } from './web/routes/accounts/log-in.ts';
import { registerMagicLinkRoutes } from './web/routes/accounts/magic-link.ts';
import { registerPasswordResetRoutes } from './web/routes/accounts/password-reset.ts';
import { registerRegistrationRoutes } from './web/routes/accounts/register.ts';
import { registerArticleRoute } from './web/routes/article.ts';
import { registerSubscriptionRoutes } from './web/routes/commerce/manage-subscription.ts';
import { registerCancelFlowRoutes } from './web/routes/commerce/cancel-flow.ts';
import { registerPlanChangeRoutes } from './web/routes/commerce/plan-change.ts';
import { registerOfferRoutes } from './web/routes/commerce/offers.ts';
import { registerTestCheckoutRoutes } from './web/routes/commerce/test-checkout.ts';
import { registerSeatPurchaseRoutes, registerTestSeatCheckoutRoutes } from './web/organisations/seat-purchase-routes.ts';
import { registerCardRoutes } from './web/routes/commerce/card.ts';
import { registerNewsroom } from './admin/routes/newsroom.ts';
import { registerApi } from './api/api-plugin.ts';
import { registerDeviceRoutes } from './web/devices/device-routes.ts';
import { registerStripeWebhook } from './web/routes/commerce/stripe-webhook.ts';
import { registerEmailWebhook } from './web/routes/email-webhook.ts';
import { createStripeClient } from './commerce/stripe/stripe-provider.ts';
import { registerAuthorRoute } from './web/routes/author.ts';
import { registerFaviconRoute } from './web/routes/favicon.ts';
import { registerPrintStylesheetRoute } from './web/routes/print-stylesheet.ts';
import { registerFeedRoutes } from './web/feeds/feed-routes.ts';
import { registerPrivateFeedAccountRoutes } from './web/feeds/private-feed-account-routes.ts';
import { registerOrganisationRoutes } from './web/organisations/organisation-routes.ts';
import { registerHealthRoute } from './web/routes/health.ts';
import { registerHomeRoute } from './web/routes/home.ts';
import { registerSearchRoute } from './web/routes/search.ts';
import { registerPrivacyRoute } from './web/routes/privacy.ts';
import { registerSectionRoute } from './web/routes/section.ts';
import { registerSitemapRoutes } from './web/sitemaps/sitemap-routes.ts';
import { registerRobotsRoute } from './web/routes/robots.ts';
import { registerPublisherLogoRoute } from './web/routes/publisher-logo.ts';
import { registerOEmbedRoute } from './web/oembed/oembed-route.ts';
import { anonymousIdentity, findSignedInReader, type ReaderIdentity } from './http/reader-identity.ts';
import { type Chrome, createChromeSource } from './http/site-deps.ts';
import { createInsightLedger } from './insights/insight-ledger.ts';
import { ledgerWriterFor } from './insights/ledger-thread.ts';
import { readerKeySecretOf, readerKeysOf } from './insights/reader-key.ts';
import type { ReaderSiteDeps } from './web/reader-site-deps.ts';
import { loadTheme } from './web/theme.ts';
import { fontsPath } from './web/theme-stylesheet.ts';
import { adminFontFiles } from './admin/admin-theme.ts';
import { pageMeta } from './web/views/meta-view.ts';
import type { ErrorPageView } from './web/views/view-models.ts';
import { defaultPublicationSettings } from './settings/publication-settings.ts';
import type { Drain } from './supervision/drain.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type AppOptions = {
  config: Config;
  db: Database;
  dialect: Dialect;
  now?: () => Date;
  /** Pino logger options, or false for silence (tests); `stream` is where the lines go (stdout by default). */
  logger?: boolean | { level: string; stream?: { write: (line: string) => void } };
  /** DNS for verifying crawlers; tests give their own. */
  resolver?: Resolver;
  /** Told of every route as it is added: the hardening checks walk the whole list, so no route is missed. */
  onRoute?: (route: { method: string; url: string }) => void;
  /** Keep rendered pages between requests; by default only in production, where the theme is fixed. */
  isCachingPages?: boolean;
  /** How long an instance trusts the content version and a session's reader it last read; 0 reads them on every request. */
  lookupMaxAgeMs?: number;
  paymentProvider: PaymentProvider;
  /** The process's mailer, when start-up has built one for the job loop too; else one is built from the config. */
  mailer?: Mailer;
  /** Set when the process is stopping: /healthz answers 503 and every answer closes its connection (src/supervision/drain.ts). */
  drain?: Drain;
};

const errorTitles: Record<number, string> = {
  400: 'That request could not be understood',
  404: 'Page not found',
  405: 'Not allowed',
  413: 'That was too large',
  429: 'Too many requests',
};

function describeError(error: unknown, request: FastifyRequest): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.isPublic ? error.message : 'Something went wrong on our side.' };
  if (error instanceof DomainError) return { status: statusOf(error), message: error.message };
  const fastifyError = error as Partial<FastifyError>;
  const status = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
  if (status >= 500) return { status, message: 'Something went wrong on our side. Please try again in a moment.' };
  if (fastifyError.validation) return { status, message: 'Part of the address is not in a form we understand.' };
  if (status === 413) {
    const isUpload = (request.headers['content-type'] ?? '').startsWith('multipart/');
    return { status, message: isUpload ? 'That upload is too large: images may be up to 15 MB.' : 'That request is too large to be read.' };
  }
  if (fastifyError.code?.startsWith('FST_CSRF')) {
    return { status: 403, message: 'This form has expired or did not come from this site. Go back, reload the page and try again.' };
  }
  return { status, message: 'That request could not be handled.' };
}

/**
 * A multipart body that breaks off or has no boundary fails inside the upload parser (busboy) with a
 * plain error and no status: the browser's request was at fault, not the server. The parser's
 * messages are how it tells these apart, as @fastify/multipart itself does.
 */
const malformedMultipart = /^(Multipart: |Unexpected end of (form|multipart data)|Part terminated early|Malformed part header)/;
const unreadableUpload = { status: 400, message: 'That upload could not be read. Try again, or choose the file again.' };

function isUnreadableUpload(error: unknown, request: FastifyRequest): boolean {
  const hasStatus = typeof (error as Partial<FastifyError>).statusCode === 'number';
  return !hasStatus && error instanceof Error && malformedMultipart.test(error.message) && (request.headers['content-type'] ?? '').startsWith('multipart/');
}

/** Believe the nearest `hops` proxies about the client's address, and no one further out. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export async function buildApp({
  config,
  db,
  dialect,
  now = () => new Date(),
  logger = true,
  resolver = systemResolver,
  isCachingPages = config.isProduction,
  lookupMaxAgeMs = config.isProduction ? 1_000 : 0,
  paymentProvider,
  mailer = mailerOf(config),
  onRoute,
  drain,
}: AppOptions) {
  const fontsDir = path.join(projectRoot, 'node_modules', '@fontsource', 'source-serif-4');
  const theme = loadTheme(path.join(projectRoot, 'themes', 'default'), { cache: config.isProduction, fontsDir, fontScripts: config.fontScripts });
  const contentVersion = createContentVersionSource(db, { maxAgeMs: lookupMaxAgeMs });
  const search = await openArticleSearch({ db, dialect, contentVersion: () => contentVersion.current(), cachedPages: isCachingPages ? 500 : 0 });
  const readerKeySecret = readerKeySecretOf(config.secret);
  const deps: ReaderSiteDeps = {
    db,
    dialect,
    theme,
    publicUrl: config.publicUrl,
    now,
    meterCookieKey: deriveMeterCookieKey(config.secret),
    giftLinkKey: deriveGiftLinkKey(config.secret),
    redemptionCodeKey: deriveRedemptionCodeKey(config.secret),
    preferencesLinkKey: derivePreferencesLinkKey(config.secret),
    newsletterLinkKey: deriveNewsletterLinkKey(config.secret),
    isSecure: config.publicUrl.protocol === 'https:',
    // Every mail the site sends a reader goes on their timeline at the desk.
    mailer: recordingMailer(mailer, { db, now }),
    hasMailServer: config.smtpUrl !== null,
    verifyCrawler: createCrawlerVerifier(resolver),
    paymentProvider,
    isCachingPages,
    contentVersion,
    identities: createIdentityCache({ maxAgeMs: lookupMaxAgeMs }),
    chrome: createChromeSource(db, contentVersion),
    searchesPerMinute: config.searchesPerMinute,
    searchArticles: search.searchArticles,
    insights: createInsightLedger({
      db,
      dialect,
      writer: await ledgerWriterFor(db, dialect, readerKeySecret),
      keys: readerKeysOf(readerKeySecret),
      problems: {
        onWriteFailed: (error, buffered) => app.log.error({ err: error, buffered }, 'insight events could not be written; they are kept for the next try'),
        onDropped: (count) => app.log.warn({ dropped: count }, 'insight events dropped: the buffer is full while the database refuses them'),
      },
    }),
  };
  // Published articles with what is shown with them, per content version: one set for the site's pages and the apps' API.
  const editions = createEditionCache(deps, { maxEntries: isCachingPages ? 1_000 : 0 });

  // Standard output's lines go out in batches; a logger given its own stream (tests) writes there as before.
  const logBatches = logger === true ? createLogBatches() : null;
  const app = Fastify({
    logger: logger === false ? false : logBatches !== null ? { level: 'info', stream: logBatches } : logger,
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1_048_576,
    logController: new OneLinePerRequest(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    // Addresses the router itself refuses (bad percent-encoding, overlong parts) get the theme's page too.
    frameworkErrors: (error, request, reply) => {
      const { status, message } = isUnreadableUpload(error, request) ? unreadableUpload : describeError(error, request);
      void sendErrorPage(request, reply, status, status === 414 ? 'That address is too long.' : message);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (logBatches !== null)
    app.addHook('onClose', (_instance, done) => {
      logBatches.stop();
      done();
    });
  app.addHook('onListen', search.warm);
  app.addHook('onClose', search.close);
  app.addHook('onClose', deps.insights.close);
  if (onRoute) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute({ method, url: route.url });
    });
  }

  const headersForEveryResponse = securityHeaders({ isHttps: config.publicUrl.protocol === 'https:', styleHashes: theme.stylesheets.hashes });
  app.addHook('onRequest', refuseNullInAddress);
  app.addHook('preValidation', refuseUnreadableBody);
  app.addHook('preHandler', refuseEndlessNumbers);
  const formTokensLately = createFormTokensLately();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headersForEveryResponse);
    oneFormTokenPerAnswer(reply, formTokensLately);
    done();
  });
  // Files a page loads go without the headers only a document heeds. Whatever a form or webhook
  // changed here is committed by the time its answer goes out.
  app.addHook('onSend', (request, reply, payload, done) => {
    const contentType = reply.getHeader('content-type');
    for (const name of headersNeedlessFor(typeof contentType === 'string' ? contentType : undefined)) reply.removeHeader(name);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      deps.contentVersion.forget();
      deps.identities.forgetAll();
    }
    done(null, payload);
  });

  if (drain) {
    // While the process drains, every answer closes its connection: a whole answer ends it, never the server under a request.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (drain.isDraining) reply.header('connection', 'close');
      done(null, payload);
    });
  }

  await app.register(fastifyCookie, { secret: createCookieSigner(createHmac('sha256', config.secret).update('dateline/cookies/v1').digest('base64url')) });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, {
    cookieKey: formSecretCookieName,
    cookieOpts: formSecretCookieOptions(deps.isSecure),
    getUserInfo: formTokenBinding,
    csrfOpts: { userInfo: true, hmacKey: createHmac('sha256', config.secret).update('dateline/form-tokens/v1').digest() },
  });
  // Before every route, so that each one is placed in or out of cross-origin access.
  await registerCrossOriginAccess(app, { origins: config.corsOrigins });

  await app.register(fastifyStatic, {
    // In production the assets are fixed, so they are compressed once at start; in development they are served as edited.
    root: config.isProduction ? prepareCompressedAssets(theme.assetsDir, config.dataDir) : theme.assetsDir,
    preCompressed: config.isProduction,
    prefix: '/assets/',
    maxAge: config.isProduction ? '1h' : 0,
    index: false,
  });
  await app.register(fastifyStatic, {
    root: [path.join(fontsDir, 'files'), path.join(projectRoot, 'node_modules', '@fontsource', 'source-sans-3', 'files')],
    prefix: fontsPath,
    // Only the faces the stylesheets declare: the theme's, for the publication's scripts, and the newsroom's.
    allowedPath: (pathName) => theme.stylesheets.fontFiles.has(pathName.replace(/^\//, '')) || adminFontFiles.has(pathName.replace(/^\//, '')),
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
    index: false,
  });
  await app.register(async (media) => {
    // The publication's pictures are shown beyond its pages: in newsletters read in webmail, in the
    // newsroom's sandboxed previews of them, in feed readers. Helmet's same-origin policy would block them there.
    media.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('cross-origin-resource-policy', 'cross-origin');
      done(null, payload);
    });
    await media.register(fastifyStatic, {
      root: mediaDirOf(config.dataDir),
      prefix: '/media/',
      decorateReply: false,
      maxAge: '30d',
      index: false,
    });
  });

  async function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
    const page: ErrorPageView = { status, title: errorTitles[status] ?? (status >= 500 ? 'Something went wrong' : 'Request refused'), message };
    let chrome: Chrome | undefined;
    let identity: ReaderIdentity = anonymousIdentity;
    try {
      [chrome, identity] = await Promise.all([deps.chrome(), findSignedInReader(request, deps)]);
    } catch (error) {
      request.log.error({ err: error }, 'error page: cannot load the site chrome');
      chrome = { settings: defaultPublicationSettings, sections: [] };
    }
    const meta = pageMeta({
      title: page.title,
      description: message,
      path: request.url.split('?')[0] ?? '/',
      publicUrl: config.publicUrl,
      settings: chrome.settings,
      isIndexable: false,
    });
    reply.header('cache-control', 'no-store');
    try {
      return await sendPage(reply, deps, { chrome, identity, template: 'error', page, meta, status });
    } catch (error) {
      request.log.error({ err: error }, 'error page: the theme failed to render');
      return reply.status(status).type('text/plain; charset=utf-8').send(`${page.title}\n\n${message}\n`);
    }
  }

  app.setNotFoundHandler((request, reply) =>
    sendErrorPage(request, reply, 404, 'We could not find that page. It may have moved, or the address may be mistyped.'),
  );

  app.setErrorHandler((error, request, reply) => {
    const { status, message } = isUnreadableUpload(error, request) ? unreadableUpload : describeError(error, request);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== null) reply.header('retry-after', retryAfter);
    return sendErrorPage(request, reply, status, message);
  });

  registerHealthRoute(app, deps, drain);
  registerFaviconRoute(app);
  registerPrintStylesheetRoute(app, theme.stylesheets.print);
  registerFeedRoutes(app, deps);
  registerSitemapRoutes(app, deps);
  registerRobotsRoute(app, deps);
  registerPublisherLogoRoute(app, deps);
  await registerOEmbedRoute(app, deps);
  registerSearchRoute(app, deps);
  registerPrivacyRoute(app, deps);
  registerLogInRoutes(app, deps);
  registerRegistrationRoutes(app, deps);
  registerPasswordResetRoutes(app, deps);
  registerMagicLinkRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerOwnDataRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerGiftRoutes(app, deps);
  registerGiftSubscriptionRedemptionRoutes(app, deps);
  registerGiftSubscriptionPurchaseRoutes(app, deps);
  registerNewsletterRoutes(app, deps);
  registerPrivateFeedAccountRoutes(app, deps);
  registerOrganisationRoutes(app, deps);
  registerSeatPurchaseRoutes(app, deps);
  registerOfferRoutes(app, deps);
  registerSubscriptionRoutes(app, deps);
  registerCancelFlowRoutes(app, deps);
  registerPlanChangeRoutes(app, deps);
  registerCardRoutes(app, deps);
  if (paymentProvider.kind === 'test') {
    registerTestCheckoutRoutes(app, deps);
    registerGiftSubscriptionTestCheckoutRoutes(app, deps);
    registerTestSeatCheckoutRoutes(app, deps);
  }
  await registerNewsroom(app, deps, { cacheTemplates: config.isProduction, dataDir: config.dataDir });
  await registerApi(app, deps, editions);
  if (config.stripe) {
    await registerStripeWebhook(app, deps, { stripe: createStripeClient(config.stripe.secretKey), webhookSecret: config.stripe.webhookSecret });
  }
  if (config.emailWebhookSecret !== null) await registerEmailWebhook(app, deps, { secret: config.emailWebhookSecret });
  registerAuthorRoute(app, deps);
  registerHomeRoute(app, deps);
  registerSectionRoute(app, deps);
  registerArticleRoute(app, deps, editions);

  return app;
}
