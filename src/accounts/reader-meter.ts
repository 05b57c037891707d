import { sql } from 'kysely';
import type { Meter } from '../access/meter.ts';
import type { Database, Dialect } from '../db/database.ts';

/** A registered reader's meter for a period, as stored. */
export async function loadReaderMeter(db: Database, accountId: number, period: string): Promise<Meter> {
  const rows = await db
    .selectFrom('meter_reads')
    .select('article_id')
    .where('account_id', '=', accountId)
    .where('period', '=', period)
    .orderBy('article_id')
    .execute();
  return { period, articleIds: rows.map((row) => row.article_id) };
}

/**
 * Records a metered read if the reader is still under the limit, in one atomic step: true when it
 * was recorded. Parallel requests cannot over-grant: SQLite runs the statement under its write
 * lock, and on PostgreSQL the reader's account row is locked for the transaction first.
 */
export async function recordMeteredRead(
  db: Database,
  dialect: Dialect,
  { accountId, period, articleId, limit, now }: { accountId: number; period: string; articleId: number; limit: number; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
    }
    const result = await sql`
      insert into meter_reads (account_id, period, article_id, read_at)
      select cast(${accountId} as integer), cast(${period} as text), cast(${articleId} as integer), cast(${now.toISOString()} as text)
      where (select count(*) from meter_reads where account_id = ${accountId} and period = ${period}) < ${limit}
      on conflict do nothing`.execute(trx);
    return Number(result.numAffectedRows ?? 0) > 0;
  });
}

/** At login, the reads an anonymous cookie carried this period join the account's meter, up to its limit. */
export async function mergeAnonymousReads(
  db: Database,
  dialect: Dialect,
  { accountId, meter, limit, now }: { accountId: number; meter: Meter; limit: number; now: Date },
): Promise<void> {
  for (const articleId of meter.articleIds) {
    const exists = await db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst();
    if (exists) await recordMeteredRead(db, dialect, { accountId, period: meter.period, articleId, limit, now });
  }
}
