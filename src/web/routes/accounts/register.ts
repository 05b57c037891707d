import { AccountError } from '../../../accounts/account-errors.ts';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { registerReader } from '../../../accounts/register.ts';
import { accountPaths, safeNextPath } from '../../account-paths.ts';
import type { App, SiteDeps } from '../../site-deps.ts';
import type { RegisterPageView } from '../../views/view-models.ts';
import { checkRateLimits, sendAccountPage, signIn } from './account-page.ts';
import { nextQuery, registerForm } from './form-schemas.ts';

function registerPage(csrfToken: string, { email = '', name = '', next = '/', error = null }: Partial<RegisterPageView>): RegisterPageView {
  return {
    csrfToken,
    error,
    message: null,
    email,
    name,
    next,
    logInUrl: next === '/' ? accountPaths.logIn : `${accountPaths.logIn}?next=${encodeURIComponent(next)}`,
  };
}

export function registerRegistrationRoutes(app: App, deps: SiteDeps): void {
  app.get(accountPaths.register, { schema: { querystring: nextQuery } }, async (request, reply) => {
    const page = registerPage(reply.generateCsrf(), { next: safeNextPath(request.query.next) });
    return sendAccountPage(request, reply, deps, { template: 'register', title: 'Register', page });
  });

  app.post(accountPaths.register, { schema: { body: registerForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const { email, password, name = '' } = request.body;
    const next = safeNextPath(request.body.next);
    const limited = await checkRateLimits(reply, deps, [{ rule: accountRateLimits.registerPerIp, subject: request.ip }]);
    if (limited) {
      return sendAccountPage(request, reply, deps, { template: 'register', title: 'Register', page: registerPage(reply.generateCsrf(), { email, name, next, error: limited }), status: 429 });
    }
    try {
      const account = await registerReader(deps.db, { email, name, password }, deps.now());
      await signIn(request, reply, deps, account);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const page = registerPage(reply.generateCsrf(), { email, name, next, error: error.message });
      return sendAccountPage(request, reply, deps, { template: 'register', title: 'Register', page, status: error.problem === 'email-taken' ? 409 : 400 });
    }
  });
}
