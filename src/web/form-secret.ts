import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

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
 * Makes every form of one answer carry the same token. While a request has no secret yet,
 * @fastify/csrf-protection makes a new one at each call, and only the last reaches the browser, so
 * a page with several forms would send some that cannot be verified.
 */
export function oneFormTokenPerAnswer(reply: FastifyReply): void {
  const generate = reply.generateCsrf;
  let token: string | undefined;
  reply.generateCsrf = (options) => (token ??= generate.call(reply, options));
}
