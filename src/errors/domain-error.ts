/**
 * What a refused operation means, whoever asked for it: the reader site, the newsroom, the apps API,
 * the job loop. The domain says what happened; the HTTP shell alone turns it into a status
 * (src/http/error-status.ts), so no use case names one.
 */
export type ErrorMeaning =
  | { kind: 'not-found' }
  /** What was asked clashes with what changed meanwhile (another save, a subscription already there). */
  | { kind: 'conflict' }
  /** The input breaks a rule; `field` names the part at fault when there is one. */
  | { kind: 'invalid'; field: string | null }
  /** Who is asking could not be told: the credentials given match no one. */
  | { kind: 'unauthenticated' }
  /** Who is asking is known and may not do this. */
  | { kind: 'forbidden' }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

export type ErrorKind = ErrorMeaning['kind'];

/**
 * An operation refused for a reason its caller can act on. The message is fit to show whoever
 * asked, as it is; `code` is a stable word an app can act on ("wrong-credentials", "slug-taken"),
 * the kind itself when nothing finer is needed.
 */
export class DomainError extends Error {
  readonly meaning: ErrorMeaning;
  readonly code: string;
  constructor(message: string, meaning: ErrorMeaning, { code = meaning.kind, cause }: { code?: string; cause?: unknown } = {}) {
    super(message, { cause });
    this.name = 'DomainError';
    this.meaning = meaning;
    this.code = code;
  }
}
