import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpError } from '../http/http-errors.ts';

/**
 * Ajv (8.20), coercing an address's digits to a number, turns one too long for a double
 * ("?page=" and 310 ones, or "1e999") or the word "Infinity" into Infinity, and lets it through
 * both `integer` and `maximum`; a handler would then page or look up by it and fail. What
 * validation let through, in the query string or the path, is refused here, naming the field.
 */
export function refuseEndlessNumbers(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  for (const part of [request.query, request.params]) {
    const field = endlessField(part);
    if (field !== null) {
      done(new HttpError(400, `The "${field}" in that address is not a number we can use.`));
      return;
    }
  }
  done();
}

function endlessField(part: unknown): string | null {
  if (part === null || typeof part !== 'object') return null;
  for (const [field, value] of Object.entries(part)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return field;
  }
  return null;
}
