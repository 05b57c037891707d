import { AccountError } from '../../../accounts/account-errors.ts';
import { normalizeEmail } from '../../../accounts/email-address.ts';
import { checkLoginLink, issueLoginLink, redeemLoginLink } from '../../../accounts/login-links.ts';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import type { App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import type { MagicLinkPageView } from '../../views/view-models.ts';
import { checkRateLimits, sendAccountPage } from './account-page.ts';
import { signIn } from '../../../http/sign-in.ts';
import { emailForm, tokenForm, tokenQuery } from './form-schemas.ts';
import { mailLoginLink } from '../../../http/login-link-mail.ts';
import { DomainError } from '../../../errors/domain-error.ts';

const title = 'Log in with a link';

function magicLinkPage(csrfToken: string, fields: Partial<MagicLinkPageView>): MagicLinkPageView {
  return { csrfToken, error: null, message: null, mode: 'request', email: '', sentTo: null, token: '', isLinkUsable: true, ...fields };
}

export function registerMagicLinkRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(accountPaths.magicLink, async (request, reply) =>
    sendAccountPage(request, reply, deps, { template: 'magic-link', title, page: magicLinkPage(reply.generateCsrf(), {}) }),
  );

  app.post(accountPaths.magicLink, { schema: { body: emailForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const email = normalizeEmail(request.body.email);
    if (email === null) {
      const page = magicLinkPage(reply.generateCsrf(), { email: request.body.email, error: new AccountError('invalid-email').message });
      return sendAccountPage(request, reply, deps, { template: 'magic-link', title, page, status: 400 });
    }
    const limited = await checkRateLimits(reply, deps, [
      { rule: accountRateLimits.linkPerIp, subject: request.ip },
      { rule: accountRateLimits.linkPerAddress, subject: email },
    ]);
    if (limited) {
      return sendAccountPage(request, reply, deps, {
        template: 'magic-link',
        title,
        page: magicLinkPage(reply.generateCsrf(), { email, error: limited }),
        status: 429,
      });
    }
    const issued = await issueLoginLink(deps.db, { email, purpose: 'magic-link', now: deps.now() });
    if (issued) {
      const { name } = await readPublicationSettings(deps.db);
      await mailLoginLink(deps, { to: issued.account.email, token: issued.token, purpose: 'magic-link', publication: name });
    }
    return sendAccountPage(request, reply, deps, { template: 'magic-link', title, page: magicLinkPage(reply.generateCsrf(), { sentTo: email }) });
  });

  // Opening the link only shows a button: mail scanners that follow links must not use it up.
  app.get(accountPaths.magicLinkConfirm, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const csrfToken = reply.generateCsrf();
    try {
      await checkLoginLink(deps.db, { token, purpose: 'magic-link', now: deps.now() });
      return sendAccountPage(request, reply, deps, { template: 'magic-link', title, page: magicLinkPage(csrfToken, { mode: 'confirm', token }) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const page = magicLinkPage(csrfToken, { mode: 'confirm', isLinkUsable: false, error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'magic-link', title, page, status: 400 });
    }
  });

  app.post(accountPaths.magicLinkConfirm, { schema: { body: tokenForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    try {
      const account = await redeemLoginLink(deps.db, { token: request.body.token, purpose: 'magic-link', now: deps.now() });
      await signIn(request, reply, deps, account);
      return reply.redirect('/', 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const page = magicLinkPage(reply.generateCsrf(), { mode: 'confirm', isLinkUsable: false, error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'magic-link', title, page, status: 400 });
    }
  });
}
