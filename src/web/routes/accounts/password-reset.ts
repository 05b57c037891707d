import { AccountError } from '../../../accounts/account-errors.ts';
import { normalizeEmail } from '../../../accounts/email-address.ts';
import { checkLoginLink, issueLoginLink } from '../../../accounts/login-links.ts';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { checkNewPassword } from '../../../accounts/register.ts';
import { replacePassword } from '../../../accounts/replace-password.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import type { App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import type { ForgotPasswordPageView, ResetPasswordPageView } from '../../views/view-models.ts';
import { checkRateLimits, sendAccountPage } from './account-page.ts';
import { signIn } from '../../../http/sign-in.ts';
import { emailForm, resetForm, tokenQuery } from './form-schemas.ts';
import { mailLoginLink } from '../../../http/login-link-mail.ts';
import { DomainError } from '../../../errors/domain-error.ts';

const forgotTitle = 'Forgot your password?';
const resetTitle = 'Choose a new password';

function forgotPage(csrfToken: string, { email = '', sentTo = null, error = null }: Partial<ForgotPasswordPageView>): ForgotPasswordPageView {
  return { csrfToken, error, message: null, email, sentTo };
}

function resetPage(csrfToken: string, { token = '', isLinkUsable = true, error = null }: Partial<ResetPasswordPageView>): ResetPasswordPageView {
  return { csrfToken, error, message: null, token, isLinkUsable, forgotUrl: accountPaths.forgotPassword };
}

export function registerPasswordResetRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(accountPaths.forgotPassword, async (request, reply) =>
    sendAccountPage(request, reply, deps, { template: 'forgot-password', title: forgotTitle, page: forgotPage(reply.generateCsrf(), {}) }),
  );

  app.post(accountPaths.forgotPassword, { schema: { body: emailForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const email = normalizeEmail(request.body.email);
    if (email === null) {
      const page = forgotPage(reply.generateCsrf(), { email: request.body.email, error: new AccountError('invalid-email').message });
      return sendAccountPage(request, reply, deps, { template: 'forgot-password', title: forgotTitle, page, status: 400 });
    }
    const limited = await checkRateLimits(reply, deps, [
      { rule: accountRateLimits.linkPerIp, subject: request.ip },
      { rule: accountRateLimits.linkPerAddress, subject: email },
    ]);
    if (limited) {
      const page = forgotPage(reply.generateCsrf(), { email, error: limited });
      return sendAccountPage(request, reply, deps, { template: 'forgot-password', title: forgotTitle, page, status: 429 });
    }
    const issued = await issueLoginLink(deps.db, { email, purpose: 'password-reset', now: deps.now() });
    if (issued) {
      const { name } = await readPublicationSettings(deps.db);
      await mailLoginLink(deps, { to: issued.account.email, token: issued.token, purpose: 'password-reset', publication: name });
    }
    return sendAccountPage(request, reply, deps, {
      template: 'forgot-password',
      title: forgotTitle,
      page: forgotPage(reply.generateCsrf(), { sentTo: email }),
    });
  });

  app.get(accountPaths.resetPassword, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    let page = resetPage(reply.generateCsrf(), { token });
    try {
      await checkLoginLink(deps.db, { token, purpose: 'password-reset', now: deps.now() });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      page = resetPage(page.csrfToken, { token: '', isLinkUsable: false, error: error.message });
    }
    return sendAccountPage(request, reply, deps, { template: 'reset-password', title: resetTitle, page, status: page.isLinkUsable ? 200 : 400 });
  });

  app.post(accountPaths.resetPassword, { schema: { body: resetForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const { token, password } = request.body;
    const now = deps.now();
    try {
      // The new password is checked before the link is used up, so a too-short one can be corrected.
      checkNewPassword(password);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const page = resetPage(reply.generateCsrf(), { token, error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'reset-password', title: resetTitle, page, status: 400 });
    }
    try {
      const account = await replacePassword(deps.db, { proof: { kind: 'reset-link', token }, password, now });
      await signIn(request, reply, deps, account);
      return reply.redirect(`${accountPaths.account}?changed=password`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const page = resetPage(reply.generateCsrf(), { isLinkUsable: false, error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'reset-password', title: resetTitle, page, status: 400 });
    }
  });
}
