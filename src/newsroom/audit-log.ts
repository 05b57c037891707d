import type { Account } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';

/** Records who did what to which item; the record goes in the same transaction as the act. */
export async function recordAudit(
  db: Database,
  { actor, action, subject, detail = '', now }: { actor: Account | null; action: string; subject: string; detail?: string; now: Date },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: now.toISOString(), account_id: actor?.id ?? null, actor: actor ? actor.name || actor.email : 'the scheduler', action, subject, detail })
    .execute();
}

export async function listAudit(db: Database, limit = 200) {
  return db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
