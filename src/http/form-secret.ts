import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
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

/** The form tokens one app instance made lately, by the form secret's cookie and what the token is bound to. */
export type FormTokensLately = LRUCache<string, string>;

export function createFormTokensLately(): FormTokensLately {
  return new LRUCache({ max: 10_000 });
}

/**
 * Makes every form of one answer carry the same token, bound to the browser's session. While a
 * request has no secret yet, @fastify/csrf-protection makes a new one at each call, and only the
 * last reaches the browser, so a page with several forms would send some that cannot be verified.
 * A browser whose secret verifies is given again the token it was given last: a token stays good
 * as long as its secret and its binding, and making one costs a hash on every signed-in page.
 */
export function oneFormTokenPerAnswer(reply: FastifyReply, lately: FormTokensLately): void {
  const generate = reply.generateCsrf;
  let token: string | undefined;
  reply.generateCsrf = (options) => {
    if (token !== undefined) return token;
    const secretCookie = reply.request.cookies[formSecretCookieName];
    const binding = formTokenBinding(reply.request);
    // Only a secret that verifies is kept: with any other, the plugin makes a new secret and sets its cookie.
    const key = secretCookie !== undefined && reply.unsignCookie(secretCookie).valid ? `${binding}\n${secretCookie}` : null;
    token = (key === null ? undefined : lately.get(key)) ?? generate.call(reply, { ...options, userInfo: binding });
    if (key !== null) lately.set(key, token);
    return token;
  };
}
