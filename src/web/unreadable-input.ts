import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpError } from '../http/http-errors.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: a null character is what this finds
const nullInAddress = /%00|\u0000/;

/** Deeper than any form or API request of ours (the deepest is two levels), and far short of the call stack's limit. */
export const deepestNesting = 32;
/** Far more than any form of ours has fields (the settings form has some sixty). */
export const mostValues = 10_000;
/** Far longer than any field name of ours (the longest, a message override's, is under fifty characters). */
export const longestFieldName = 200;

export type BodyLimits = { deepestNesting: number; mostValues: number; longestFieldName: number };
export type BodyProblem = 'null-character' | 'too-deep' | 'too-many-values' | 'field-name-too-long';

/**
 * What makes a parsed body unreadable, if anything. The walk keeps its own list of what is left to
 * look at instead of calling itself, since a body may nest deeper than the call stack goes; it stops
 * at the first problem, so it never looks at more than `mostValues` values. Raw bytes (an upload, the
 * Stripe webhook's signed body) are not text and are left alone. Form bodies are flat (the form
 * parser reads `a[b][c]` as one name, not as nesting): there a deeply nested key is an overlong name.
 */
export function findBodyProblem(body: unknown, limits: BodyLimits = { deepestNesting, mostValues, longestFieldName }): BodyProblem | null {
  const pending: { value: unknown; level: number }[] = [{ value: body, level: 1 }];
  let values = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, level } = next;
    values += 1;
    if (values > limits.mostValues) return 'too-many-values';
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'null-character';
    } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      if (level > limits.deepestNesting) return 'too-deep';
      for (const [name, child] of Object.entries(value)) {
        if (name.length > limits.longestFieldName) return 'field-name-too-long';
        pending.push({ value: child, level: level + 1 });
      }
    }
  }
  return null;
}

const refusals: Record<BodyProblem, string> = {
  'null-character': 'That form holds a character we cannot read.',
  'too-deep': `That request is nested too deeply to be read: no request here nests its fields more than ${deepestNesting} levels deep.`,
  'too-many-values': `That request holds too many fields to be read: no request here has more than ${mostValues.toLocaleString('en-US')}.`,
  'field-name-too-long': `That request names a field too long to be read: no field here has a name of more than ${longestFieldName} characters.`,
};

/**
 * No text a reader or editor sends may hold a null character: PostgreSQL refuses to store one, so it
 * would surface as a server error deep in a handler. It is refused at the edge instead, the same on
 * both databases.
 */
export function refuseNullInAddress(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  done(nullInAddress.test(request.url) ? new HttpError(400, 'That address holds a character we cannot read.') : undefined);
}

/**
 * Every route's parsed body, JSON, form or multipart, is checked here before any schema or handler
 * reads it: a null character, a body nested deeper, holding more values or naming longer fields than
 * any request of ours is refused with 400 naming the problem, rather than failing somewhere deeper as a server error.
 */
export function refuseUnreadableBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const problem = findBodyProblem(request.body);
  done(problem === null ? undefined : new HttpError(400, refusals[problem]));
}
