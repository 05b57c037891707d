import { CompiledQuery, sql } from 'kysely';
import type { Meter } from '../access/meter.ts';
import type { Database, Dialect } from '../db/database.ts';

/**
 * The meter's statements, built by Kysely once per database and then run with each read's values: a
 * registered reader's page is otherwise served from memory, and building a query cost more than
 * running it. The values go in the order they appear in each statement.
 */
type MeterStatements = { load: string; record: string };
const statementsByDatabase = new WeakMap<Database, MeterStatements>();

function meterStatementsOf(db: Database): MeterStatements {
  let statements = statementsByDatabase.get(db);
  if (statements === undefined) {
    statements = {
      // Values: account, period.
      load: db.selectFrom('meter_reads').select('article_id').where('account_id', '=', 0).where('period', '=', '').orderBy('article_id').compile().sql,
      // Values: account, period, article, read at, meter rule, account, period, limit.
      record: sql`
        insert into meter_reads (account_id, period, article_id, read_at, meter_rule_id)
        select cast(${0} as integer), cast(${''} as text), cast(${0} as integer), cast(${''} as text), cast(${0} as integer)
        where (select count(*) from meter_reads where account_id = ${0} and period = ${''}) < ${0}
        on conflict do nothing`.compile(db).sql,
    };
    statementsByDatabase.set(db, statements);
  }
  return statements;
}

/** A registered reader's meter for a period, as stored. */
export async function loadReaderMeter(db: Database, accountId: number, period: string): Promise<Meter> {
  const { rows } = await db.executeQuery<{ article_id: number }>(CompiledQuery.raw(meterStatementsOf(db).load, [accountId, period]));
  return { period, articleIds: rows.map((row) => row.article_id) };
}

/**
 * Records a metered read if the reader is still under the limit (the setting's or the meter rule's
 * the read was decided on, which the read keeps), in one atomic step: true when it was recorded. Parallel requests cannot over-grant: SQLite runs the one statement under its write
 * lock, and on PostgreSQL the reader's account row is locked for a transaction first.
 */
export async function recordMeteredRead(
  db: Database,
  dialect: Dialect,
  {
    accountId,
    period,
    articleId,
    limit,
    ruleId = null,
    now,
  }: {
    accountId: number;
    period: string;
    articleId: number;
    limit: number /** The meter rule that set `limit`; none when the setting did. */;
    ruleId?: number | null;
    now: Date;
  },
): Promise<boolean> {
  const record = CompiledQuery.raw(meterStatementsOf(db).record, [accountId, period, articleId, now.toISOString(), ruleId, accountId, period, limit]);
  const result =
    dialect === 'postgres'
      ? await db.transaction().execute(async (trx) => {
          await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
          return trx.executeQuery(record);
        })
      : await db.executeQuery(record);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** At login, the reads an anonymous cookie carried this period join the account's meter, up to its limit. */
export async function mergeAnonymousReads(
  db: Database,
  dialect: Dialect,
  { accountId, meter, limit, now }: { accountId: number; meter: Meter; limit: number; now: Date },
): Promise<void> {
  for (const articleId of meter.articleIds) {
    const exists = await db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst();
    // The rule a read in the cookie was counted under is not known: it joins under the setting.
    if (exists) await recordMeteredRead(db, dialect, { accountId, period: meter.period, articleId, limit, now });
  }
}
