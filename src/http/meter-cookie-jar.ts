import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeMeterCookie, encodeMeterCookie, meterCookieName } from '../access/meter-cookie.ts';
import type { Meter } from '../access/meter.ts';
import type { SiteDeps } from './site-deps.ts';

/** The anonymous meter the reader's browser sent, or null for none (or one that did not verify). */
export function readAnonymousMeter(request: FastifyRequest, deps: SiteDeps): Meter | null {
  return decodeMeterCookie(request.cookies[meterCookieName], deps.meterCookieKey);
}

/** Hands the updated meter back to the browser; it lasts into next month, when it starts afresh anyway. */
export function storeAnonymousMeter(reply: FastifyReply, deps: SiteDeps, meter: Meter): void {
  reply.setCookie(meterCookieName, encodeMeterCookie(meter, deps.meterCookieKey), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.isSecure,
    maxAge: 40 * 24 * 60 * 60,
  });
}

export function clearAnonymousMeter(reply: FastifyReply, deps: SiteDeps): void {
  reply.clearCookie(meterCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.isSecure });
}
