import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account, StaffRole } from '../../accounts/account.ts';
import { findReaderAccount } from '../../http/reader-identity.ts';
import type { SiteDeps } from '../../http/site-deps.ts';
import { HttpError } from '../../http/http-errors.ts';
import { can } from '../permissions.ts';

export type Staff = Account & { role: StaffRole };

const staffByRequest = new WeakMap<FastifyRequest, Staff>();

/** Paths under /admin that open without a staff session: the first-run page and the admin's own assets. */
export function isOpenAdminPath(url: string): boolean {
  return url.startsWith('/admin/setup') || url.startsWith('/admin/assets/');
}

/**
 * The newsroom's gate, run before every /admin handler: a page asked for without a staff session
 * goes to the log-in page; any other request (an action) is refused outright.
 */
export async function guardNewsroom(request: FastifyRequest, reply: FastifyReply, deps: SiteDeps): Promise<void> {
  if (isOpenAdminPath(request.url)) return;
  const account = await findReaderAccount(request, deps);
  if (account && account.role !== 'reader') {
    staffByRequest.set(request, { ...account, role: account.role });
    return;
  }
  if (request.method === 'GET' && !account) {
    await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return;
  }
  throw new HttpError(account ? 403 : 401, account ? 'The newsroom is for staff only.' : 'Log in with a staff account to do that.');
}

/** The staff member the gate let through. */
export function staffOf(request: FastifyRequest): Staff {
  const staff = staffByRequest.get(request);
  if (!staff) throw new HttpError(401, 'Log in with a staff account to do that.');
  return staff;
}

/**
 * The staff member, on one of the newsroom's own pages (articles, images, revisions, the preview):
 * the readers' desk works with readers' accounts, never with what the newsroom has not published.
 */
export function newsroomStaffOf(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (!can(staff.role, 'use-newsroom')) throw new HttpError(403, "Your role works the readers' desk, not the newsroom's pages.");
  return staff;
}

/** The staff member, at the readers' desk: support and administrators; the newsroom's other roles never see readers' data. */
export function deskStaffOf(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (!can(staff.role, 'serve-readers')) throw new HttpError(403, "The readers' desk is for support staff and administrators.");
  return staff;
}

/** The staff member, on the audience's pages (insights, experiments, meter rules): editors and administrators. */
export function audienceStaffOf(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (!can(staff.role, 'run-audience')) throw new HttpError(403, 'Insights, experiments and meter rules are for editors and administrators.');
  return staff;
}

/** The staff member, on the newsletters' pages: editors and administrators. */
export function newsletterStaffOf(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (!can(staff.role, 'send-newsletters')) throw new HttpError(403, 'Newsletters are for editors and administrators.');
  return staff;
}
