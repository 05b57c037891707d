import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpError } from '../http/http-errors.ts';

/**
 * Ajv (8.20), coercing a query string's digits to a number, turns one too long for a double
 * ("?page=" and 310 ones, or "1e999") into Infinity, and lets it through both `integer` and
 * `maximum`; a handler would then page by it and fail. What validation let through is refused here,
 * naming the field.
 */
export function refuseEndlessNumbers(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const query: unknown = request.query;
  if (query !== null && typeof query === 'object') {
    for (const [field, value] of Object.entries(query)) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        done(new HttpError(400, `The "${field}" in that address is not a number we can use.`));
        return;
      }
    }
  }
  done();
}
