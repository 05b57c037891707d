import { DomainError, type ErrorKind } from '../errors/domain-error.ts';

/** The one place a domain error's kind becomes an HTTP status, for pages and for JSON alike. */
const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
};

export function statusOf(error: DomainError): number {
  return statusByKind[error.meaning.kind];
}

/** Retry-After for a rate-limited refusal, so a client knows when to try again; no header otherwise. */
export function retryAfterOf(error: unknown): string | null {
  return error instanceof DomainError && error.meaning.kind === 'rate-limited' ? String(error.meaning.retryAfterSeconds) : null;
}
