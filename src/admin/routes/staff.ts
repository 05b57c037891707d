import { Type } from 'typebox';
import { staffRoles } from '../../accounts/account.ts';
import { issueLoginLink } from '../../accounts/login-links.ts';
import { createStaffAccount } from '../../accounts/staff.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { mailLoginLink } from '../../http/login-link-mail.ts';
import type { App } from '../../http/site-deps.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { StaffListPageView } from '../admin-views.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { can } from '../permissions.ts';
import { adminChrome, roleLabels, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../errors/domain-error.ts';

function requireStaffManager(staff: Staff): void {
  if (!can(staff.role, 'manage-staff')) throw new HttpError(403, "Only administrators manage the newsroom's accounts.");
}

async function sendStaffPage(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { error = null, message = null, status = 200 }: { error?: string | null; message?: string | null; status?: number },
) {
  const members = await deps.db
    .selectFrom('accounts')
    .select(['name', 'email', 'role'])
    .where('role', '<>', 'reader')
    .orderBy('role')
    .orderBy('email')
    .execute();
  const page: StaffListPageView = {
    staff: members.flatMap((member) => (member.role === 'reader' ? [] : [{ name: member.name, email: member.email, roleLabel: roleLabels[member.role] }])),
    inviteUrl: '/admin/staff/invite',
    roleOptions: staffRoles.map((role) => ({ value: role, label: roleLabels[role], isSelected: role === 'contributor' })),
    error,
    message,
  };
  return sendAdminPage(reply, deps, { template: 'staff', admin: await adminChrome(deps, staff, reply, 'staff'), page, status });
}

export function registerNewsroomStaffRoutes(app: App, deps: NewsroomDeps): void {
  app.get('/admin/staff', async (request, reply) => {
    const staff = staffOf(request);
    requireStaffManager(staff);
    return sendStaffPage(reply, deps, staff, {});
  });

  app.post(
    '/admin/staff/invite',
    {
      schema: {
        body: Type.Object({
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.String({ maxLength: 320 }),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.String({ maxLength: 20 }),
        }),
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const staff = staffOf(request);
      requireStaffManager(staff);
      const role = staffRoles.find((candidate) => candidate === request.body.role);
      if (!role) return sendStaffPage(reply, deps, staff, { error: 'Choose a role from the list.', status: 400 });
      const now = deps.now();
      try {
        const invited = await createStaffAccount(deps.db, { email: request.body.email, name: request.body.name ?? '', role }, now);
        const link = await issueLoginLink(deps.db, { email: invited.email, purpose: 'magic-link', now });
        const { name } = await readPublicationSettings(deps.db);
        if (link) await mailLoginLink(deps, { to: invited.email, token: link.token, purpose: 'magic-link', publication: name });
        await recordAudit(deps.db, { actor: staff, action: 'invited', subject: invited.email, detail: role, now });
        return sendStaffPage(reply, deps, staff, {
          message: `${invited.email} is invited as ${roleLabels[role].toLowerCase()}; a link to log in is on its way.`,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendStaffPage(reply, deps, staff, { error: error.message, status: 400 });
      }
    },
  );
}
