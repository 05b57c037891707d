import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeMeterCookie, encodeMeterCookie, meterCookieName, newVisitor, type MeterCookie, type Visitor } from '../access/meter-cookie.ts';
import type { Meter } from '../access/meter.ts';
import type { SiteDeps } from './site-deps.ts';

/** What the anonymous reader's browser sent: their meter and who the browser is, or null for none (or one that did not verify). */
export function readAnonymousCookie(request: FastifyRequest, deps: SiteDeps): MeterCookie | null {
  return decodeMeterCookie(request.cookies[meterCookieName], deps.meterCookieKey);
}

/** The anonymous meter the reader's browser sent, or null for none (or one that did not verify). */
export function readAnonymousMeter(request: FastifyRequest, deps: SiteDeps): Meter | null {
  return readAnonymousCookie(request, deps)?.meter ?? null;
}

/** The browser as its cookie names it, or a new visitor when it has no cookie yet (or one from before visitors). */
export function visitorOf(request: FastifyRequest, deps: SiteDeps): Visitor {
  return readAnonymousCookie(request, deps)?.visitor ?? newVisitor();
}

/** Hands the meter back to the browser with the visitor it belongs to; it lasts into next month, when the meter starts afresh anyway. */
export function storeAnonymousMeter(reply: FastifyReply, deps: SiteDeps, cookie: { meter: Meter; visitor: Visitor }): void {
  reply.setCookie(meterCookieName, encodeMeterCookie(cookie, deps.meterCookieKey), {
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
