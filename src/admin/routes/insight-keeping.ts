import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { insightKeepingLimits, parseInsightKeeping } from '../../insights/insight-keeping.ts';
import { readInsightKeeping, writeInsightKeeping } from '../../insights/insight-keeping-repository.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';

export const insightKeepingPath = '/admin/insights/keeping';

const keepingForm = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  keepDays: Type.Optional(Type.String({ maxLength: 20 })),
});

type InsightKeepingPageView = {
  saveUrl: string;
  error: string | null;
  message: string | null;
  keepDays: string;
  limits: typeof insightKeepingLimits;
};

async function sendKeeping(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  view: Pick<InsightKeepingPageView, 'error' | 'message' | 'keepDays'>,
  status = 200,
) {
  return sendAdminPage<InsightKeepingPageView>(reply, deps, {
    template: 'insight-keeping',
    admin: await adminChrome(deps, staff, reply, 'insights'),
    page: { ...view, saveUrl: insightKeepingPath, limits: insightKeepingLimits },
    status,
  });
}

/** What readers are told on the privacy page is an administrator's to change, as every setting of the publication is. */
function requireAdmin(staff: Staff): void {
  if (!can(staff.role, 'manage-settings')) throw new HttpError(403, 'Only administrators set how long the insight events are kept.');
}

/** How long the insights ledger keeps its events: the privacy page tells readers, the job loop deletes what is older. */
export function registerInsightKeepingRoutes(app: App, deps: NewsroomDeps): void {
  app.get(insightKeepingPath, { schema: { querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (request, reply) => {
    const staff = staffOf(request);
    requireAdmin(staff);
    const { keepDays } = await readInsightKeeping(deps.db);
    const message = request.query.saved ? 'Saved. Older events are deleted within the next run of the job loop.' : null;
    return sendKeeping(reply, deps, staff, { error: null, message, keepDays: String(keepDays) });
  });

  app.post(insightKeepingPath, { schema: { body: keepingForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = staffOf(request);
    requireAdmin(staff);
    const keepDays = request.body.keepDays ?? '';
    try {
      const keeping = parseInsightKeeping({ keepDays });
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        await writeInsightKeeping(trx, keeping, now);
        await recordAudit(trx, {
          actor: staff,
          action: 'set how long insight events are kept',
          subject: 'the publication',
          detail: `${keeping.keepDays} days`,
          now,
        });
      });
      return reply.redirect(`${insightKeepingPath}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendKeeping(reply, deps, staff, { error: error.message, message: null, keepDays }, statusOf(error));
    }
  });
}
