import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpError } from './http-errors.ts';

const nullInAddress = /%00|\u0000/;

function holdsNull(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNull);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsNull);
  return false;
}

/**
 * No text a reader or editor sends may hold a null character: PostgreSQL refuses to store one, so it
 * would surface as a server error deep in a handler. It is refused at the edge instead, the same on
 * both databases.
 */
export function refuseNullInAddress(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  done(nullInAddress.test(request.url) ? new HttpError(400, 'That address holds a character we cannot read.') : undefined);
}

export function refuseNullInBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  done(holdsNull(request.body) ? new HttpError(400, 'That form holds a character we cannot read.') : undefined);
}
