import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { App } from '../../http/site-deps.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { AuditLogPageView } from '../admin-views.ts';
import { listAudit } from '../../newsroom/audit-log.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf } from './staff-guard.ts';

export function registerNewsroomAuditRoute(app: App, deps: NewsroomDeps): void {
  app.get('/admin/audit', async (request, reply) => {
    const staff = staffOf(request);
    if (!can(staff.role, 'view-audit-log')) throw new HttpError(403, 'The audit log is for editors and administrators.');
    const [settings, entries] = await Promise.all([readPublicationSettings(deps.db), listAudit(deps.db)]);
    const page: AuditLogPageView = {
      entries: entries.map((entry) => ({
        whenLabel: formatPublicationTime(new Date(entry.at), settings),
        who: entry.actor,
        action: entry.detail ? `${entry.action} (${entry.detail})` : entry.action,
        subject: entry.subject,
      })),
    };
    return sendAdminPage(reply, deps, { template: 'audit', admin: await adminChrome(deps, staff, reply, 'audit'), page });
  });
}
