import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors/domain-error.ts';

export type RateLimit = { name: string; limit: number; windowMs: number };

/** How often each account action may be tried, per client address and per e-mail address. */
export const accountRateLimits = {
  logInPerIp: { name: 'log-in:ip', limit: 20, windowMs: 10 * 60_000 },
  // Counted by the account's own address whenever a signed-in reader's current password is checked
  // too (a new password, a new e-mail address): each check is as costly and as telling as a log-in.
  logInPerAddress: { name: 'log-in:address', limit: 8, windowMs: 10 * 60_000 },
  registerPerIp: { name: 'register:ip', limit: 10, windowMs: 60 * 60_000 },
  // Every attempt mails the address, so this also bounds the mail one address can be sent.
  registerPerAddress: { name: 'register:address', limit: 3, windowMs: 60 * 60_000 },
  linkPerIp: { name: 'link:ip', limit: 10, windowMs: 60 * 60_000 },
  linkPerAddress: { name: 'link:address', limit: 3, windowMs: 60 * 60_000 },
  // Each request to move an account to an address mails that address.
  emailChangePerAddress: { name: 'email-change:address', limit: 3, windowMs: 60 * 60_000 },
  // Each request to delete an account mails the account's address its link.
  deletionLinkPerAddress: { name: 'deletion-link:address', limit: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

export type RateLimitResult = { isAllowed: boolean; retryAfterSeconds: number };

/** An attempt over a limit: the message says what to do, and the caller is told when to try again. */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, { kind: 'rate-limited', retryAfterSeconds }, { code: 'too-many-requests' });
    this.name = 'RateLimitedError';
  }
}

/**
 * Counts one attempt in a fixed window and says whether it is within the limit. The counter lives
 * in the database so every app instance shares it; the upsert makes concurrent attempts count.
 */
export async function consumeRateLimit(db: Database, { name, limit, windowMs }: RateLimit, subject: string, now: Date): Promise<RateLimitResult> {
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const key = `${name}:${subject}`;
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((conflict) => conflict.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limit_hits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  // Old windows are of no use; clearing them now and then keeps the table small.
  if (Math.random() < 0.01) {
    await db
      .deleteFrom('rate_limit_hits')
      .where('window_start', '<', now.getTime() - 24 * 60 * 60_000)
      .execute();
  }
  return { isAllowed: Number(row.hits) <= limit, retryAfterSeconds: Math.ceil((windowStart + windowMs - now.getTime()) / 1000) };
}
