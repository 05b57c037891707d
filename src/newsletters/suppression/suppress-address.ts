import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { SuppressionReason, SuppressionSource } from '../newsletter-tables.ts';
import { suppressionReasonOf, type EmailEvent } from './email-events.ts';

/**
 * Stops every newsletter to an address. The first reason stays: a complaint after a hard bounce
 * changes nothing a reader or the desk needs to know, and a repeated event (services retry) is a
 * no-op. Deliveries still queued to the address are not touched here: a sender checks suppression
 * as it claims each batch, so the address gets nothing more from this moment on. True when this
 * call stopped the address, false when it was stopped already.
 */
export async function suppressAddress(
  db: Kysely<Tables>,
  { email, reason, source, detail }: { email: string; reason: SuppressionReason; source: SuppressionSource; detail: string | null },
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('email_suppressions')
    .values({ email, reason, source, detail: detail === null ? null : detail.slice(0, 1000), created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Applies an e-mail service's events: how many suppressed an address, and how many changed nothing. */
export async function applyEmailEvents(
  db: Kysely<Tables>,
  events: readonly EmailEvent[],
  { source, now }: { source: SuppressionSource; now: Date },
): Promise<{ suppressed: number; ignored: number }> {
  let suppressed = 0;
  for (const event of events) {
    const reason = suppressionReasonOf(event.kind);
    if (reason === null) continue;
    await suppressAddress(db, { email: event.email, reason, source, detail: event.detail }, now);
    suppressed += 1;
  }
  return { suppressed, ignored: events.length - suppressed };
}
