import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Account } from '../../accounts/account.ts';
import { findAccountRowById, toAccount } from '../../accounts/account-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { accountPaths, safeNextPath } from '../../http/account-paths.ts';
import { recordNewsletterSignUp, recordRegistration } from '../../http/insight-readers.ts';
import { readAnonymousCookie } from '../../http/meter-cookie-jar.ts';
import { newsletterPaths, preferencesUrl } from '../../http/newsletter-paths.ts';
import { findReaderAccount, findSignedInReader, readerOf } from '../../http/reader-identity.ts';
import { visitOfRequest } from '../../http/request-visit.ts';
import { signIn } from '../../http/sign-in.ts';
import type { App } from '../../http/site-deps.ts';
import { subscriberStandingOf } from '../../newsletters/may-subscribe.ts';
import { readNewsletterChoices, saveNewsletterChoices } from '../../newsletters/newsletter-choices.ts';
import { findNewsletterName, listActiveNewsletters, subscribedNewsletterIds } from '../../newsletters/newsletter-repository.ts';
import { readPreferencesToken, readUnsubscribeToken, signPreferencesToken } from '../../newsletters/preferences-link.ts';
import { checkSignUpLink, confirmNewsletterSignUp, parseSignUpForm, requestNewsletterSignUp, signUpRateLimits } from '../../newsletters/signup-requests.ts';
import { unsubscribe } from '../../newsletters/subscriptions.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { checkRateLimits, sendAccountPage } from '../routes/accounts/account-page.ts';
import { requireAccount } from '../routes/accounts/account.ts';
import { csrfField, tickedField, tickedIds } from '../routes/accounts/form-schemas.ts';
import { choiceViewsOf, type NewsletterPageView, newsletterOptionViewOf } from './newsletter-views.ts';
import { mailSignUpConfirmation } from './sign-up-mail.ts';

const field = (maxLength = 1000) => Type.String({ maxLength });
const ticked = tickedField;
const signUpQuery = Type.Object({ email: Type.Optional(field(320)), next: Type.Optional(field()) }, { additionalProperties: true });
const signUpForm = Type.Object({ ...csrfField, email: field(320), newsletter: ticked, next: Type.Optional(field()) });
const tokenQuery = Type.Object({ token: Type.Optional(field(200)) }, { additionalProperties: true });
const preferencesQuery = Type.Object(
  { token: Type.Optional(field(200)), welcome: Type.Optional(field(1)), saved: Type.Optional(field(1)), next: Type.Optional(field()) },
  { additionalProperties: true },
);
const confirmForm = Type.Object({ ...csrfField, token: field(200) });
const choicesForm = Type.Object({ ...csrfField, newsletter: ticked });

function newsletterPage(csrfToken: string, fields: Partial<NewsletterPageView>): NewsletterPageView {
  return {
    mode: 'sign-up',
    csrfToken,
    error: null,
    errorField: null,
    message: null,
    email: '',
    sentTo: null,
    token: '',
    next: '/',
    newsletters: [],
    formAction: newsletterPaths.signUp,
    newsletterName: null,
    preferencesUrl: null,
    signUpUrl: newsletterPaths.signUp,
    magicLinkUrl: accountPaths.magicLink,
    accountNewslettersUrl: null,
    continueUrl: null,
    ...fields,
  };
}

const titles: Record<NewsletterPageView['mode'], string> = {
  'sign-up': 'Newsletters',
  sent: 'Check your email',
  confirm: 'Confirm your newsletters',
  'confirm-refused': 'Confirm your newsletters',
  preferences: 'Your newsletters',
  'preferences-refused': 'Your newsletters',
  unsubscribe: 'Unsubscribe',
  unsubscribed: 'Unsubscribed',
  'unsubscribe-refused': 'Unsubscribe',
};

function sendNewsletterPage(request: FastifyRequest, reply: FastifyReply, deps: ReaderSiteDeps, page: NewsletterPageView, status = 200) {
  return sendAccountPage(request, reply, deps, { template: 'newsletters', title: titles[page.mode], page, status });
}

/** The newsletters anyone may join, as the sign-up form offers them. */
async function openNewsletters(deps: ReaderSiteDeps) {
  return (await listActiveNewsletters(deps.db)).filter((newsletter) => newsletter.audience === 'anyone');
}

/** The sign-up form, with what the visitor typed and ticked kept. */
async function signUpPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  fields: { email: string; chosen: readonly number[]; next: string } & Partial<NewsletterPageView>,
  status = 200,
) {
  const { email, chosen, next, ...rest } = fields;
  const [offered, account] = await Promise.all([openNewsletters(deps), findReaderAccount(request, deps)]);
  const page = newsletterPage(reply.generateCsrf(), {
    email,
    next,
    newsletters: offered.map((newsletter) => newsletterOptionViewOf(newsletter, chosen.includes(newsletter.id), 'sign-up')),
    accountNewslettersUrl: account ? `${accountPaths.account}#account-newsletters-title` : null,
    ...rest,
  });
  return sendNewsletterPage(request, reply, deps, page, status);
}

/** The account a `p1.` token opens, or null for a token malformed, forged, or of an account since deleted. */
async function accountOfPreferencesToken(deps: ReaderSiteDeps, token: string): Promise<Account | null> {
  const claim = readPreferencesToken(token, deps.preferencesLinkKey);
  if (!claim) return null;
  const row = await findAccountRowById(deps.db, claim.accountId);
  return row ? toAccount(row) : null;
}

/** The preference centre of the account an unsubscribe token names: leaving one newsletter is often choosing among the rest. */
function preferencesPathOf(deps: ReaderSiteDeps, accountId: number): string {
  const url = preferencesUrl(deps.publicUrl, signPreferencesToken({ accountId }, deps.preferencesLinkKey));
  return `${url.pathname}${url.search}`;
}

const preferencesRefused =
  'This link to your newsletter preferences is not valid. Use the link at the bottom of a recent newsletter, or log in to choose on your account page.';
const unsubscribeRefused = 'This unsubscribe link is not valid. Use the link at the bottom of a recent newsletter, or log in to choose on your account page.';

/**
 * The reader's side of newsletters: the site's sign-up form with double opt-in, the confirmation
 * that makes a password-less reader of a new address, the session-less preference centre and
 * one-click unsubscribing a message links to, and the preference centre on the account page.
 */
export function registerNewsletterRoutes(app: App, deps: ReaderSiteDeps): void {
  // The compact forms on the front page and article pages GET this page with the address typed in, so those pages stay cacheable.
  app.get(newsletterPaths.signUp, { schema: { querystring: signUpQuery } }, async (request, reply) =>
    signUpPage(request, reply, deps, { email: request.query.email ?? '', chosen: [], next: safeNextPath(request.query.next) }),
  );

  app.post(newsletterPaths.signUp, { schema: { body: signUpForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const chosen = tickedIds(request.body.newsletter);
    const next = safeNextPath(request.body.next);
    const typed = { email: request.body.email, chosen, next };
    const form = parseSignUpForm({ email: request.body.email, chosen }, await openNewsletters(deps));
    if (form.kind === 'invalid') return signUpPage(request, reply, deps, { ...typed, error: form.message, errorField: form.field }, 400);
    const limited = await checkRateLimits(reply, deps, [
      { rule: signUpRateLimits.perIp, subject: request.ip },
      { rule: signUpRateLimits.perAddress, subject: form.email },
    ]);
    if (limited) return signUpPage(request, reply, deps, { ...typed, error: limited }, 429);
    const { token } = await requestNewsletterSignUp(deps.db, { email: form.email, newsletterIds: form.newsletterIds, nextPath: next, now: deps.now() });
    const [newsletters, { name: publication }] = await Promise.all([openNewsletters(deps), readPublicationSettings(deps.db)]);
    const newsletterNames = newsletters.filter(({ id }) => form.newsletterIds.includes(id)).map(({ name }) => name);
    await mailSignUpConfirmation(deps, { to: form.email, token, newsletterNames, publication });
    return sendNewsletterPage(request, reply, deps, newsletterPage(reply.generateCsrf(), { mode: 'sent', sentTo: form.email }));
  });

  // Opening the link only shows a button: mail scanners that follow links must not confirm for the reader.
  app.get(newsletterPaths.confirm, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    try {
      const { email } = await checkSignUpLink(deps.db, { token, now: deps.now() });
      return sendNewsletterPage(
        request,
        reply,
        deps,
        newsletterPage(reply.generateCsrf(), { mode: 'confirm', email, token, formAction: newsletterPaths.confirm }),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return signUpPage(request, reply, deps, { mode: 'confirm-refused', email: '', chosen: [], next: '/', error: error.message }, 400);
    }
  });

  app.post(newsletterPaths.confirm, { schema: { body: confirmForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const now = deps.now();
    try {
      const confirmed = await confirmNewsletterSignUp(deps.db, { token: request.body.token, now });
      const visit = visitOfRequest(request, deps);
      if (confirmed.isNewAccount) {
        recordRegistration(deps.insights, { accountId: confirmed.account.id, visitor: readAnonymousCookie(request, deps)?.visitor ?? null, visit, at: now });
        // A new reader is signed in, as finishing registration does: the link proved the address and the account holds nothing yet.
        // An existing account is not: a 48-hour link must not do what a 15-minute log-in link does.
        await signIn(request, reply, deps, confirmed.account);
      }
      recordNewsletterSignUp(deps.insights, { accountId: confirmed.account.id, visit, at: now });
      const next = safeNextPath(confirmed.nextPath);
      return reply.redirect(`${preferencesPathOf(deps, confirmed.account.id)}&welcome=1${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return signUpPage(request, reply, deps, { mode: 'confirm-refused', email: '', chosen: [], next: '/', error: error.message }, 400);
    }
  });

  app.get(newsletterPaths.preferences, { schema: { querystring: preferencesQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const account = await accountOfPreferencesToken(deps, token);
    if (!account) {
      return sendNewsletterPage(request, reply, deps, newsletterPage(reply.generateCsrf(), { mode: 'preferences-refused', error: preferencesRefused }), 400);
    }
    const standing = subscriberStandingOf(await readerOf(account, deps));
    const choices = await readNewsletterChoices(deps.db, { accountId: account.id, standing });
    const message =
      request.query.welcome !== undefined
        ? 'Thank you: your newsletters are confirmed. Change them here at any time.'
        : request.query.saved !== undefined
          ? 'Your choices are saved.'
          : null;
    const page = newsletterPage(reply.generateCsrf(), {
      mode: 'preferences',
      email: account.email,
      token,
      message,
      newsletters: choiceViewsOf(choices, 'preferences'),
      formAction: `${newsletterPaths.preferences}?token=${encodeURIComponent(token)}`,
      // Back to the page the sign-up began on, once it is confirmed.
      continueUrl: request.query.welcome === undefined ? null : safeNextPath(request.query.next),
    });
    return sendNewsletterPage(request, reply, deps, page);
  });

  app.post(newsletterPaths.preferences, { schema: { querystring: tokenQuery, body: choicesForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const token = request.query.token ?? '';
    const account = await accountOfPreferencesToken(deps, token);
    if (!account) {
      return sendNewsletterPage(request, reply, deps, newsletterPage(reply.generateCsrf(), { mode: 'preferences-refused', error: preferencesRefused }), 400);
    }
    const standing = subscriberStandingOf(await readerOf(account, deps));
    await saveNewsletterChoices(deps.db, {
      accountId: account.id,
      standing,
      chosen: new Set(tickedIds(request.body.newsletter)),
      consentSource: 'account',
      unsubscribeSource: 'preferences',
      now: deps.now(),
    });
    return reply.redirect(`${newsletterPaths.preferences}?token=${encodeURIComponent(token)}&saved=1`, 303);
  });

  // Opening the link only shows a button: a mail scanner following it must not unsubscribe the reader.
  app.get(newsletterPaths.unsubscribe, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const claim = readUnsubscribeToken(token, deps.preferencesLinkKey);
    if (!claim) return sendNewsletterPage(request, reply, deps, newsletterPage('', { mode: 'unsubscribe-refused', error: unsubscribeRefused }), 400);
    const [newsletterName, subscribed] = await Promise.all([
      findNewsletterName(deps.db, claim.newsletterId),
      subscribedNewsletterIds(deps.db, claim.accountId),
    ]);
    const page = newsletterPage('', {
      mode: subscribed.has(claim.newsletterId) ? 'unsubscribe' : 'unsubscribed',
      newsletterName,
      token,
      formAction: `${newsletterPaths.unsubscribe}?token=${encodeURIComponent(token)}`,
      preferencesUrl: preferencesPathOf(deps, claim.accountId),
    });
    return sendNewsletterPage(request, reply, deps, page);
  });

  // RFC 8058's one-click POST, which a mail client sends with no cookie and no form of this site's,
  // is guarded by the signed token alone: it takes no CSRF token and needs no session. Its body
  // ("List-Unsubscribe=One-Click", as a form or as multipart) says nothing the token does not, so it
  // is not read; in a scope of its own, multipart bodies are taken here and nowhere else.
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
    scope.post(newsletterPaths.unsubscribe, { schema: { querystring: tokenQuery } }, async (request, reply) => {
      const token = request.query.token ?? '';
      const claim = readUnsubscribeToken(token, deps.preferencesLinkKey);
      if (!claim) return sendNewsletterPage(request, reply, deps, newsletterPage('', { mode: 'unsubscribe-refused', error: unsubscribeRefused }), 400);
      await unsubscribe(deps.db, { accountId: claim.accountId, newsletterIds: [claim.newsletterId], source: 'one-click', now: deps.now() });
      const page = newsletterPage('', {
        mode: 'unsubscribed',
        newsletterName: await findNewsletterName(deps.db, claim.newsletterId),
        preferencesUrl: preferencesPathOf(deps, claim.accountId),
      });
      return sendNewsletterPage(request, reply, deps, page);
    });
  });

  app.post(newsletterPaths.account, { schema: { body: choicesForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const { reader } = await findSignedInReader(request, deps);
    await saveNewsletterChoices(deps.db, {
      accountId: account.id,
      standing: subscriberStandingOf(reader),
      chosen: new Set(tickedIds(request.body.newsletter)),
      consentSource: 'account',
      unsubscribeSource: 'account',
      now: deps.now(),
    });
    return reply.redirect(`${accountPaths.account}?changed=newsletters#account-newsletters-title`, 303);
  });
}
