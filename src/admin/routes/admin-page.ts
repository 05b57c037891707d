import type { FastifyReply } from 'fastify';
import type { SiteDeps } from '../../http/site-deps.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { AdminTheme } from '../admin-theme.ts';
import type { AdminChromeView } from '../admin-views.ts';
import { can } from '../permissions.ts';
import type { Staff } from './staff-guard.ts';

export type NewsroomDeps = SiteDeps & { adminTheme: AdminTheme };

export const roleLabels = { contributor: 'Contributor', author: 'Author', editor: 'Editor', admin: 'Administrator', support: "Readers' desk" } as const;

type NavKey =
  | 'articles'
  | 'readers'
  | 'images'
  | 'sections'
  | 'authors'
  | 'sponsors'
  | 'offers'
  | 'organisations'
  | 'retention'
  | 'insights'
  | 'experiments'
  | 'meter-rules'
  | 'newsletters'
  | 'staff'
  | 'audit'
  | 'settings';

export async function adminChrome(deps: NewsroomDeps, staff: Staff, reply: FastifyReply, current: NavKey): Promise<AdminChromeView> {
  const { name } = await readPublicationSettings(deps.db);
  const nav = [
    { key: 'articles', label: 'Articles', url: '/admin/articles', isShown: can(staff.role, 'use-newsroom') },
    { key: 'images', label: 'Images', url: '/admin/images', isShown: can(staff.role, 'use-newsroom') },
    { key: 'sections', label: 'Sections', url: '/admin/sections', isShown: can(staff.role, 'manage-sections-authors-sponsors') },
    { key: 'authors', label: 'Authors', url: '/admin/authors', isShown: can(staff.role, 'manage-sections-authors-sponsors') },
    { key: 'sponsors', label: 'Sponsors', url: '/admin/sponsors', isShown: can(staff.role, 'manage-sections-authors-sponsors') },
    { key: 'audit', label: 'Audit log', url: '/admin/audit', isShown: can(staff.role, 'view-audit-log') },
    { key: 'readers', label: 'Readers', url: '/admin/readers', isShown: can(staff.role, 'serve-readers') },
    { key: 'insights', label: 'Insights', url: '/admin/insights', isShown: can(staff.role, 'run-audience') },
    { key: 'experiments', label: 'Experiments', url: '/admin/experiments', isShown: can(staff.role, 'run-audience') },
    { key: 'meter-rules', label: 'Meter rules', url: '/admin/meter-rules', isShown: can(staff.role, 'run-audience') },
    { key: 'newsletters', label: 'Newsletters', url: '/admin/newsletters', isShown: can(staff.role, 'send-newsletters') },
    { key: 'offers', label: 'Plans & offers', url: '/admin/offers', isShown: can(staff.role, 'manage-settings') },
    { key: 'organisations', label: 'Organisations', url: '/admin/organisations', isShown: can(staff.role, 'manage-settings') },
    { key: 'retention', label: 'Retention', url: '/admin/retention', isShown: can(staff.role, 'manage-settings') },
    { key: 'staff', label: 'Staff', url: '/admin/staff', isShown: can(staff.role, 'manage-staff') },
    { key: 'settings', label: 'Settings', url: '/admin/settings', isShown: can(staff.role, 'manage-settings') },
  ];
  return {
    publicationName: name,
    staffName: staff.name || staff.email,
    roleLabel: roleLabels[staff.role],
    nav: nav.filter((item) => item.isShown).map(({ label, url, key }) => ({ label, url, isCurrent: key === current })),
    siteUrl: '/',
    logOutUrl: '/logout',
    csrfToken: reply.generateCsrf(),
  };
}

/** Sends a newsroom page: never cached, never indexed. */
export async function sendAdminPage<Page>(
  reply: FastifyReply,
  deps: NewsroomDeps,
  { template, admin, page, status = 200 }: { template: string; admin: AdminChromeView | null; page: Page; status?: number },
) {
  const html = await deps.adminTheme.render(template, { admin, page });
  return reply.status(status).header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8').send(html);
}
