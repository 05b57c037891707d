import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkEmailChangeLink, confirmEmailChange } from '../../../accounts/email-changes.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { findReaderAccount } from '../../../http/reader-identity.ts';
import type { App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { sendAccountPage } from './account-page.ts';
import { emailChangeConfirmPath, mailEmailChanged } from './email-change-mail.ts';
import { tokenForm, tokenQuery } from './form-schemas.ts';
import { DomainError } from '../../../errors/domain-error.ts';

/**
 * Where the link mailed to a new address lands: a button that makes the change (so mail scanners
 * that open links do not use them up); once used, or when it cannot be (`isLinkUsable` false), the
 * outcome or why.
 */
export type EmailChangePageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  newEmail: string;
  token: string;
  isLinkUsable: boolean;
  accountUrl: string;
};

const title = 'Confirm your new email address';

function emailChangePage(csrfToken: string, fields: Partial<EmailChangePageView>): EmailChangePageView {
  return { csrfToken, error: null, message: null, newEmail: '', token: '', isLinkUsable: true, accountUrl: accountPaths.account, ...fields };
}

function sendEmailChangePage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  page: EmailChangePageView,
  status = 200,
): Promise<FastifyReply> {
  return sendAccountPage(request, reply, deps, { template: 'confirm-email', title, page, status });
}

/**
 * The link works whether or not the browser that follows it is signed in: holding the new address is
 * what it proves, the current password having been given to ask for it. Sessions and devices are
 * left signed in: a new password is what signs the others out, and signing them out here would
 * help someone who took the account over to shut its owner out.
 */
export function registerEmailChangeRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(emailChangeConfirmPath, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const csrfToken = reply.generateCsrf();
    try {
      const { newEmail } = await checkEmailChangeLink(deps.db, { token, now: deps.now() });
      return sendEmailChangePage(request, reply, deps, emailChangePage(csrfToken, { newEmail, token }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendEmailChangePage(request, reply, deps, emailChangePage(csrfToken, { isLinkUsable: false, error: error.message }), 400);
    }
  });

  app.post(emailChangeConfirmPath, { schema: { body: tokenForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    try {
      const { account, oldEmail } = await confirmEmailChange(deps.db, { token: request.body.token, now: deps.now() });
      const { name: publication } = await readPublicationSettings(deps.db);
      await mailEmailChanged(deps, { oldEmail, newEmail: account.email, publication });
      const signedIn = await findReaderAccount(request, deps);
      if (signedIn?.id === account.id) return reply.redirect(`${accountPaths.account}?changed=email`, 303);
      const message = `Your email address is now ${account.email}. Log in with it from now on.`;
      return sendEmailChangePage(request, reply, deps, emailChangePage(reply.generateCsrf(), { isLinkUsable: false, message }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendEmailChangePage(request, reply, deps, emailChangePage(reply.generateCsrf(), { isLinkUsable: false, error: error.message }), 400);
    }
  });
}
