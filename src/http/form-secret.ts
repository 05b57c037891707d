import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookieName } from '../accounts/sessions.ts';

/** The cookie holding the secret from which forms' CSRF tokens are made. */
export const formSecretCookieName = 'dl_csrf';

export function formSecretCookieOptions(isSecure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure, signed: true };
}

/**
 * Drops the secret when someone signs in or out; the next page makes a new one. Forms shown before
 * then stop working, so a token learnt or planted before a sign-in cannot act for the reader after it.
 */
export function renewFormSecret(reply: FastifyReply, isSecure: boolean): void {
  reply.clearCookie(formSecretCookieName, formSecretCookieOptions(isSecure));
}

/**
 * What a form token is bound to besides the secret: the session of a signed-in browser, or none.
 * The secret's cookie can be planted in a reader's browser from a neighbouring host (cookie tossing),
 * with a token made for it; bound so, such a token is refused beside the reader's session, and a
 * token is good only with the session it was shown to. Derived from the cookie alone, so any app
 * instance checks it without asking the database.
 */
export function formTokenBinding(request: FastifyRequest): string {
  const session = request.cookies[sessionCookieName];
  return session ? `session ${session}` : 'no session';
}

/**
 * Makes every form of one answer carry the same token, bound to the browser's session. While a
 * request has no secret yet, @fastify/csrf-protection makes a new one at each call, and only the
 * last reaches the browser, so a page with several forms would send some that cannot be verified.
 */
export function oneFormTokenPerAnswer(reply: FastifyReply): void {
  const generate = reply.generateCsrf;
  let token: string | undefined;
  reply.generateCsrf = (options) => (token ??= generate.call(reply, { ...options, userInfo: formTokenBinding(reply.request) }));
}
