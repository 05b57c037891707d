/**
 * What becomes of a delivery whose message the SMTP server did not take. A 5xx reply is the
 * server's final word (no such mailbox, refused): the delivery fails and keeps the reply. A 4xx
 * reply, or a connection that broke or timed out, is temporary: the delivery goes back to the
 * queue and waits, a minute and then twice as long each time, up to an hour, until its attempts
 * run out. The wait is kept in lease_until, which no sender claims before.
 */
export type SmtpFailure = { responseCode: number | null; message: string };

export type FailureOutcome = { status: 'queued'; retryAt: Date; error: string } | { status: 'failed'; error: string };

export const maximumAttempts = 6;
const firstWaitMs = 60_000;
const longestWaitMs = 3_600_000;

export function isPermanentFailure({ responseCode }: SmtpFailure): boolean {
  return responseCode !== null && responseCode >= 500 && responseCode < 600;
}

export function retryWaitMs(attempts: number): number {
  return Math.min(longestWaitMs, firstWaitMs * 2 ** Math.max(0, attempts - 1));
}

/** `attempts` counts the try that just failed. */
export function decideAfterFailure(failure: SmtpFailure, { attempts, now }: { attempts: number; now: Date }): FailureOutcome {
  const error = (failure.responseCode === null ? failure.message : `${failure.responseCode} ${failure.message}`).slice(0, 500);
  if (isPermanentFailure(failure)) return { status: 'failed', error };
  if (attempts >= maximumAttempts) return { status: 'failed', error: `gave up after ${attempts} tries: ${error}`.slice(0, 500) };
  return { status: 'queued', retryAt: new Date(now.getTime() + retryWaitMs(attempts)), error };
}

/** How long a newsletter's article links credit their recipient: long enough for a weekly to be read late. */
export const newsletterLinkLifetimeMs = 60 * 24 * 60 * 60 * 1000;
