import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { multipartLimits, registerLeadImageRoute } from './lead-image.ts';
import type { App, SiteDeps } from '../../http/site-deps.ts';
import { adminAssetsDir, loadAdminTheme } from '../admin-theme.ts';
import { registerNewsroomArticleRoutes } from './articles.ts';
import { registerNewsroomAuditRoute } from './audit.ts';
import { registerRecoveryRoute } from './recovery.ts';
import { registerSetupRoutes } from './setup.ts';
import { registerNewsroomStaffRoutes } from './staff.ts';
import { registerRevisionRoutes } from './revisions.ts';
import { registerSettingsRoutes } from './settings.ts';
import { registerRetentionRoutes } from './retention.ts';
import { registerExperimentRoutes } from './experiments.ts';
import { registerInsightRoutes } from './insights.ts';
import { registerInsightKeepingRoutes } from './insight-keeping.ts';
import { registerMastheadRoutes } from './masthead.ts';
import { registerMeterRuleRoutes } from './meter-rules.ts';
import { registerNewsletterRoutes } from './newsletters.ts';
import { registerNewsletterSendRoutes } from './newsletter-sends.ts';
import { registerOrganisationRoutes } from './organisations.ts';
import { registerOfferAdminRoutes } from './offers.ts';
import { registerImagesRoute } from './images.ts';
import { registerReaderActionRoutes } from './reader-actions.ts';
import { registerReaderDeleteRoutes } from './reader-delete.ts';
import { registerReaderDeskRoutes } from './readers.ts';
import { registerReaderExportRoute } from './reader-export.ts';
import { registerGiftSubscriptionRoutes } from './gift-subscriptions.ts';
import { guardNewsroom } from './staff-guard.ts';

/** The newsroom under /admin: every route behind one gate that checks the staff session first. */
export async function registerNewsroom(app: App, deps: SiteDeps, { cacheTemplates, dataDir }: { cacheTemplates: boolean; dataDir: string }): Promise<void> {
  const newsroomDeps = { ...deps, adminTheme: loadAdminTheme({ cache: cacheTemplates }), dataDir };
  await app.register(async (scope) => {
    // Before the body is even read: an outsider's request goes no further than this.
    scope.addHook('onRequest', async (request, reply) => guardNewsroom(request, reply, deps));
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: multipartLimits, throwFileSizeLimit: true });
    await scope.register(fastifyStatic, {
      root: adminAssetsDir,
      prefix: '/admin/assets/',
      decorateReply: false,
      index: false,
      maxAge: cacheTemplates ? '1h' : 0,
    });
    registerSetupRoutes(scope, newsroomDeps);
    registerNewsroomArticleRoutes(scope, newsroomDeps);
    registerNewsroomStaffRoutes(scope, newsroomDeps);
    registerNewsroomAuditRoute(scope, newsroomDeps);
    registerRecoveryRoute(scope, newsroomDeps);
    registerLeadImageRoute(scope, newsroomDeps);
    registerRevisionRoutes(scope, newsroomDeps);
    registerSettingsRoutes(scope, newsroomDeps);
    registerMastheadRoutes(scope, newsroomDeps);
    registerOfferAdminRoutes(scope, newsroomDeps);
    registerRetentionRoutes(scope, newsroomDeps);
    registerMeterRuleRoutes(scope, newsroomDeps);
    registerNewsletterRoutes(scope, newsroomDeps);
    registerNewsletterSendRoutes(scope, newsroomDeps);
    registerOrganisationRoutes(scope, newsroomDeps);
    registerExperimentRoutes(scope, newsroomDeps);
    registerInsightRoutes(scope, newsroomDeps);
    registerInsightKeepingRoutes(scope, newsroomDeps);
    registerImagesRoute(scope, newsroomDeps);
    registerReaderActionRoutes(scope, newsroomDeps);
    registerReaderDeleteRoutes(scope, newsroomDeps);
    registerReaderDeskRoutes(scope, newsroomDeps);
    registerReaderExportRoute(scope, newsroomDeps);
    registerGiftSubscriptionRoutes(scope, newsroomDeps);
  });
}
