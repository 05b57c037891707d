import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { cancellationReasons } from '../../retention/cancellation-reasons.ts';
import { parseRetentionSettings, retentionLimits, type RetentionSettings } from '../../retention/retention-offer.ts';
import { countCancellationReasons, readRetentionSettings, writeRetentionSettings } from '../../retention/retention-repository.ts';
import type { RetentionPageView } from '../admin-views.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';

const retentionPath = '/admin/retention';
/** The span the reasons table covers. */
const reasonDays = 90;

const retentionForm = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String({ maxLength: 20 })),
  percentOff: Type.Optional(Type.String({ maxLength: 10 })),
  periods: Type.Optional(Type.String({ maxLength: 10 })),
  months: Type.Optional(Type.String({ maxLength: 10 })),
});

type Fields = RetentionPageView['fields'];

function fieldsOf({ offer }: RetentionSettings): Fields {
  return {
    kind: offer?.kind ?? 'none',
    percentOff: offer?.kind === 'discount' ? String(offer.percentOff) : '50',
    periods: offer?.kind === 'discount' ? String(offer.periods) : '3',
    months: offer?.kind === 'pause' ? String(offer.months) : '1',
  };
}

function describeForAudit({ offer }: RetentionSettings): string {
  if (offer === null) return 'no retention offer';
  return offer.kind === 'discount' ? `${offer.percentOff}% off for ${offer.periods} renewals` : `a pause of ${offer.months} months`;
}

/** The reasons readers gave, most often given first, with how many stayed. */
async function reasonRows(deps: NewsroomDeps): Promise<RetentionPageView['reasons']> {
  const now = deps.now();
  const counts = await countCancellationReasons(deps.db, { from: new Date(now.getTime() - reasonDays * 86_400_000), to: now });
  const labels: { key: string | null; label: string }[] = [...cancellationReasons, { key: null, label: 'No reason given' }];
  return labels
    .map(({ key, label }) => {
      const of = (outcome: string) => counts.filter((row) => row.reason === key && row.outcome === outcome).reduce((sum, row) => sum + row.count, 0);
      return { label, canceled: of('canceled'), stayed: of('stayed') };
    })
    .filter((row) => row.canceled + row.stayed > 0)
    .sort((a, b) => b.canceled + b.stayed - (a.canceled + a.stayed));
}

async function sendRetention(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  view: Pick<RetentionPageView, 'error' | 'message' | 'fields'>,
  status = 200,
) {
  return sendAdminPage(reply, deps, {
    template: 'retention',
    admin: await adminChrome(deps, staff, reply, 'retention'),
    page: { ...view, saveUrl: retentionPath, limits: retentionLimits, reasonDays, reasons: await reasonRows(deps) },
    status,
  });
}

function requireAdmin(staff: Staff): void {
  if (!can(staff.role, 'manage-settings')) throw new HttpError(403, 'Only administrators set the retention offer.');
}

/** The one retention offer readers see on their way out, and why readers cancel. */
export function registerRetentionRoutes(app: App, deps: NewsroomDeps): void {
  app.get(
    retentionPath,
    { schema: { querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const staff = staffOf(request);
      requireAdmin(staff);
      const settings = await readRetentionSettings(deps.db);
      const message = request.query.saved ? 'Saved. Readers who cancel from now on see this offer.' : null;
      return sendRetention(reply, deps, staff, { error: null, message, fields: fieldsOf(settings) });
    },
  );

  app.post(retentionPath, { schema: { body: retentionForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = staffOf(request);
    requireAdmin(staff);
    const { kind = 'none', percentOff = '', periods = '', months = '' } = request.body;
    try {
      const settings = parseRetentionSettings({ kind, percentOff, periods, months });
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        await writeRetentionSettings(trx, settings, now);
        await recordAudit(trx, { actor: staff, action: 'set the retention offer', subject: 'the publication', detail: describeForAudit(settings), now });
      });
      return reply.redirect(`${retentionPath}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRetention(reply, deps, staff, { error: error.message, message: null, fields: { kind, percentOff, periods, months } }, statusOf(error));
    }
  });
}
