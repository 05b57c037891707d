import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { parseRegistration, type Registration } from '../../../accounts/register.ts';
import { checkRegistrationLink, finishRegistration, requestRegistration } from '../../../accounts/registration-requests.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import { accountPaths, safeNextPath, withNext } from '../../../http/account-paths.ts';
import type { App } from '../../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import type { RegisterPageView } from '../../views/view-models.ts';
import { checkRateLimits, sendAccountPage } from './account-page.ts';
import { signIn } from '../../../http/sign-in.ts';
import { recordRegistration } from '../../../http/insight-readers.ts';
import { visitOfRequest } from '../../../http/request-visit.ts';
import { readAnonymousCookie } from '../../../http/meter-cookie-jar.ts';
import { nextQuery, registerForm, tickedIds, tokenForm, tokenQuery } from './form-schemas.ts';
import { listActiveNewsletters } from '../../../newsletters/newsletter-repository.ts';
import { chosenAtRegistration, registrationNewsletters } from '../../../newsletters/registration-newsletters.ts';
import { newsletterOptionViewOf } from '../../newsletters/newsletter-views.ts';
import { mailRegistration } from './registration-mail.ts';
import { DomainError } from '../../../errors/domain-error.ts';

function registerPage(csrfToken: string, fields: Partial<RegisterPageView>): RegisterPageView {
  const next = fields.next ?? '/';
  return {
    csrfToken,
    error: null,
    message: null,
    mode: 'request',
    email: '',
    name: '',
    sentTo: null,
    token: '',
    isLinkUsable: true,
    registerUrl: withNext(accountPaths.register, next),
    logInUrl: withNext(accountPaths.logIn, next),
    forgotUrl: accountPaths.forgotPassword,
    newsletters: [],
    ...fields,
    next,
  };
}

function sendRegisterPage(request: FastifyRequest, reply: FastifyReply, deps: ReaderSiteDeps, page: RegisterPageView, status = 200): Promise<FastifyReply> {
  const title = page.mode === 'confirm' ? 'Finish registering' : 'Register';
  return sendAccountPage(request, reply, deps, { template: 'register', title, page, status });
}

/** The form's checks as a value: the registration, or the message of its first problem. */
function parsedRegistration(form: { email: string; name: string; password: string }): Registration | DomainError {
  try {
    return parseRegistration(form);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/**
 * Registration finishes by a mailed link, so the form answers the same for a taken address as for
 * a new one: the address's owner, not the visitor, learns which it was.
 */
export function registerRegistrationRoutes(app: App, deps: ReaderSiteDeps): void {
  /** The newsletters the form offers, ticked as the visitor left them. */
  const newslettersOffered = async (ticked: readonly number[]) =>
    registrationNewsletters(await listActiveNewsletters(deps.db)).map((newsletter) =>
      newsletterOptionViewOf(newsletter, ticked.includes(newsletter.id), 'register-newsletter'),
    );

  app.get(accountPaths.register, { schema: { querystring: nextQuery } }, async (request, reply) =>
    sendRegisterPage(
      request,
      reply,
      deps,
      registerPage(reply.generateCsrf(), { next: safeNextPath(request.query.next), newsletters: await newslettersOffered([]) }),
    ),
  );

  app.post(accountPaths.register, { schema: { body: registerForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const { email, password, name = '' } = request.body;
    const next = safeNextPath(request.body.next);
    const ticked = tickedIds(request.body.newsletter);
    const registration = parsedRegistration({ email, name, password });
    if (registration instanceof DomainError) {
      const newsletters = await newslettersOffered(ticked);
      return sendRegisterPage(request, reply, deps, registerPage(reply.generateCsrf(), { email, name, next, newsletters, error: registration.message }), 400);
    }
    const limited = await checkRateLimits(reply, deps, [
      { rule: accountRateLimits.registerPerIp, subject: request.ip },
      { rule: accountRateLimits.registerPerAddress, subject: registration.email },
    ]);
    if (limited) {
      const newsletters = await newslettersOffered(ticked);
      return sendRegisterPage(request, reply, deps, registerPage(reply.generateCsrf(), { email, name, next, newsletters, error: limited }), 429);
    }
    const newsletterIds = chosenAtRegistration(await listActiveNewsletters(deps.db), ticked);
    const registrationRequest = await requestRegistration(deps.db, { registration, nextPath: next, newsletterIds, now: deps.now() });
    const { name: publication } = await readPublicationSettings(deps.db);
    await mailRegistration(deps, { request: registrationRequest, next, publication });
    return sendRegisterPage(request, reply, deps, registerPage(reply.generateCsrf(), { next, sentTo: registration.email }));
  });

  // Opening the link only shows a button: mail scanners that follow links must not use it up.
  app.get(accountPaths.registerConfirm, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const csrfToken = reply.generateCsrf();
    try {
      const { email } = await checkRegistrationLink(deps.db, { token, now: deps.now() });
      return sendRegisterPage(request, reply, deps, registerPage(csrfToken, { mode: 'confirm', email, token }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRegisterPage(request, reply, deps, registerPage(csrfToken, { mode: 'confirm', isLinkUsable: false, error: error.message }), 400);
    }
  });

  app.post(accountPaths.registerConfirm, { schema: { body: tokenForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    try {
      const now = deps.now();
      const { account, nextPath } = await finishRegistration(deps.db, { token: request.body.token, now });
      recordRegistration(deps.insights, {
        accountId: account.id,
        visitor: readAnonymousCookie(request, deps)?.visitor ?? null,
        visit: visitOfRequest(request, deps),
        at: now,
      });
      await signIn(request, reply, deps, account);
      // Checked again on the way out: a request stored before a stricter check must not be let through by it.
      return reply.redirect(safeNextPath(nextPath), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRegisterPage(request, reply, deps, registerPage(reply.generateCsrf(), { mode: 'confirm', isLinkUsable: false, error: error.message }), 400);
    }
  });
}
