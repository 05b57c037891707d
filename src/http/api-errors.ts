import type { FastifyError } from 'fastify';
import { DomainError } from '../errors/domain-error.ts';
import { statusOf } from './error-status.ts';
import { HttpError } from './http-errors.ts';

/** What an app is told when a request fails: a stable code to act on, words for people, the field at fault. */
export type ApiErrorBody = { error: { code: string; message: string; field?: string } };

/** An error an API route throws on purpose: its status, code and message are the app's to see. */
export class ApiError extends HttpError {
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, code: string, message: string, { field }: { field?: string } = {}) {
    super(status, message, { isPublic: true });
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

export const unauthorized = () => new ApiError(401, 'unauthorized', 'This needs a valid token: sign in again to get one.');

type ValidationIssue = { instancePath?: string; keyword?: string; params?: Record<string, unknown>; message?: string };

const codesByStatus: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/** "limit", "device" or "authors.0": the request field a validation issue is about. */
function fieldOf(issue: ValidationIssue): string | undefined {
  const path = (issue.instancePath ?? '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  const missing = issue.params?.requiredProperties;
  if (Array.isArray(missing) && typeof missing[0] === 'string') path.push(missing[0]);
  const extra = issue.params?.additionalProperties;
  if (issue.keyword === 'additionalProperties' && Array.isArray(extra) && typeof extra[0] === 'string') path.push(extra[0]);
  return path.length > 0 ? path.join('.') : undefined;
}

function describeIssue(issue: ValidationIssue, field: string | undefined, part: string): string {
  const where = field === undefined ? `The ${part}` : `“${field}”`;
  // An unknown field shows as a property whose schema is false, or as additionalProperties.
  if (issue.keyword === 'boolean' || issue.keyword === 'additionalProperties') return `${where} is not a field this request takes.`;
  if (issue.keyword === 'required') return `${where} is required.`;
  return `${where} ${issue.message ?? 'is not valid'}.`;
}

const partNames: Record<string, string> = { body: 'body', querystring: 'query string', params: 'address', headers: 'headers' };

/**
 * The status and body for any error an API route meets. Validation errors name the field at fault
 * (the first one found); errors of the server's own say nothing about it.
 */
export function toApiErrorResponse(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) } },
    };
  }
  if (error instanceof DomainError) {
    const { meaning } = error;
    const field = meaning.kind === 'invalid' && meaning.field !== null ? { field: meaning.field } : {};
    return { status: statusOf(error), body: { error: { code: error.code, message: error.message, ...field } } };
  }
  if (error instanceof HttpError) {
    const status = error.status;
    const message = error.isPublic ? error.message : 'Something went wrong on our side.';
    return { status, body: { error: { code: codesByStatus[status] ?? (status >= 500 ? 'server-error' : 'bad-request'), message } } };
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  const status = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
  if (status >= 500)
    return { status: 500, body: { error: { code: 'server-error', message: 'Something went wrong on our side. Please try again in a moment.' } } };
  const [issue] = fastifyError.validation ?? [];
  if (issue !== undefined) {
    const field = fieldOf(issue);
    const message = describeIssue(issue, field, partNames[fastifyError.validationContext ?? ''] ?? 'request');
    return { status: 400, body: { error: { code: 'invalid-request', message, ...(field === undefined ? {} : { field }) } } };
  }
  const messages: Record<number, string> = {
    413: 'That request body is too large.',
    415: 'Send request bodies as application/json.',
  };
  const message =
    messages[status] ??
    (fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      ? 'The JSON body is empty.'
      : status === 400
        ? 'That request could not be read as JSON.'
        : 'That request could not be handled.');
  return { status, body: { error: { code: codesByStatus[status] ?? 'bad-request', message } } };
}
