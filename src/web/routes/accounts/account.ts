import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../accounts/account.ts';
import { AccountError } from '../../../accounts/account-errors.ts';
import { closeOtherSessions, sessionCookieName } from '../../../accounts/sessions.ts';
import { changePassword, updateProfile } from '../../../accounts/update-account.ts';
import { accountPaths } from '../../account-paths.ts';
import { findReaderAccount } from '../../reader-identity.ts';
import type { App, SiteDeps } from '../../site-deps.ts';
import type { AccountPageView } from '../../views/view-models.ts';
import { sendAccountPage } from './account-page.ts';
import { passwordForm, profileForm } from './form-schemas.ts';
import { Type } from 'typebox';

const title = 'Your account';
const roleLabels: Record<Account['role'], string> = { reader: 'Reader', contributor: 'Contributor', author: 'Author', editor: 'Editor', admin: 'Administrator' };
const confirmations: Record<string, string> = {
  profile: 'Your details are saved.',
  password: 'Your new password is set. Other devices have been logged out.',
};

function accountPage(csrfToken: string, account: Account, { error = null, message = null }: { error?: string | null; message?: string | null }): AccountPageView {
  return {
    csrfToken,
    error,
    message,
    name: account.name,
    email: account.email,
    hasPassword: account.hasPassword,
    roleLabel: roleLabels[account.role],
    profileUrl: accountPaths.account,
    passwordUrl: accountPaths.accountPassword,
  };
}

/** The signed-in account, or a redirect to log in that brings the reader back here. */
async function requireAccount(request: FastifyRequest, reply: FastifyReply, deps: SiteDeps): Promise<Account | null> {
  const account = await findReaderAccount(request, deps);
  if (!account) reply.redirect(`${accountPaths.logIn}?next=${encodeURIComponent(accountPaths.account)}`, 303);
  return account;
}

export function registerAccountRoutes(app: App, deps: SiteDeps): void {
  app.get(accountPaths.account, { schema: { querystring: Type.Object({ changed: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true }) } }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const message = confirmations[request.query.changed ?? ''] ?? null;
    return sendAccountPage(request, reply, deps, { template: 'account', title, page: accountPage(reply.generateCsrf(), account, { message }) });
  });

  app.post(accountPaths.account, { schema: { body: profileForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      await updateProfile(deps.db, account.id, { name: request.body.name ?? '', email: request.body.email }, deps.now());
      return reply.redirect(`${accountPaths.account}?changed=profile`, 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const page = accountPage(reply.generateCsrf(), { ...account, name: request.body.name ?? '', email: request.body.email }, { error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'account', title, page, status: 400 });
    }
  });

  app.post(accountPaths.accountPassword, { schema: { body: passwordForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    try {
      await changePassword(deps.db, account.id, { current: request.body.current ?? '', next: request.body.password }, deps.now());
      await closeOtherSessions(deps.db, account.id, request.cookies[sessionCookieName]);
      return reply.redirect(`${accountPaths.account}?changed=password`, 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return sendAccountPage(request, reply, deps, { template: 'account', title, page: accountPage(reply.generateCsrf(), account, { error: error.message }), status: 400 });
    }
  });
}
