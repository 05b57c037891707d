import { authenticate } from '../../../accounts/log-in.ts';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { closeSession, sessionCookieName } from '../../../accounts/sessions.ts';
import { normalizeEmail } from '../../../accounts/email-address.ts';
import { accountPaths, safeNextPath, withNext } from '../../../http/account-paths.ts';
import type { App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import type { LogInPageView } from '../../views/view-models.ts';
import { checkRateLimits, sendAccountPage } from './account-page.ts';
import { signIn } from '../../../http/sign-in.ts';
import { csrfOnlyForm, logInForm, nextQuery } from './form-schemas.ts';
import { renewFormSecret } from '../../../http/form-secret.ts';
import { DomainError } from '../../../errors/domain-error.ts';

function logInPage(csrfToken: string, { email = '', next = '/', error = null, message = null }: Partial<LogInPageView>): LogInPageView {
  return {
    csrfToken,
    error,
    message,
    email,
    next,
    registerUrl: withNext(accountPaths.register, next),
    forgotUrl: accountPaths.forgotPassword,
    magicLinkUrl: accountPaths.magicLink,
  };
}

export function registerLogInRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(accountPaths.logIn, { schema: { querystring: nextQuery } }, async (request, reply) => {
    const page = logInPage(reply.generateCsrf(), { next: safeNextPath(request.query.next) });
    return sendAccountPage(request, reply, deps, { template: 'log-in', title: 'Log in', page });
  });

  app.post(accountPaths.logIn, { schema: { body: logInForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const { email, password } = request.body;
    const next = safeNextPath(request.body.next);
    const limited = await checkRateLimits(reply, deps, [
      { rule: accountRateLimits.logInPerIp, subject: request.ip },
      { rule: accountRateLimits.logInPerAddress, subject: normalizeEmail(email) ?? email.trim().toLowerCase() },
    ]);
    if (limited) {
      const page = logInPage(reply.generateCsrf(), { email, next, error: limited });
      return sendAccountPage(request, reply, deps, { template: 'log-in', title: 'Log in', page, status: 429 });
    }
    try {
      const account = await authenticate(deps.db, { email, password });
      await signIn(request, reply, deps, account);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const page = logInPage(reply.generateCsrf(), { email, next, error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'log-in', title: 'Log in', page, status: 401 });
    }
  });

  app.post(accountPaths.logOut, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    await closeSession(deps.db, request.cookies[sessionCookieName]);
    reply.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.isSecure });
    renewFormSecret(reply, deps.isSecure);
    return reply.redirect('/', 303);
  });
}
