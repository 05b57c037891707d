import type { Database } from '../db/database.ts';
import { attributeConversions, attributionWindowMs, type Conversion, type Read } from './attribution.ts';
import { funnelStepsOf, type FunnelStep } from './funnel.ts';
import { addDays, dayOf, daysFrom, startOfDay, type Day } from './insight-days.ts';
import { countReaders, decodeSketch, encodeSketch, mergeSketches, type ReaderSketch, sketchReaders } from './reader-sketch.ts';

/** A day is rolled up for good this long after it ended: the ledger writes each second, so later events are ones that were lost. */
const finalAfterMs = 5 * 60_000;
/** A pass rolls up at most this many days, so catching up on a long ledger leaves the job loop's other work its turn. */
const daysPerPass = 31;
const keysPerQuery = 500;
/**
 * The ledger has no index by reader key (migration 0023), so the reads before a day's conversions are
 * a scan of the attribution window by time; its keys go in as few scans as the databases' limits on
 * parameters allow.
 */
const keysPerReadScan = 10_000;

export type RollupReport = { days: number };

/** The first day to roll: the one after the last final day, or the ledger's first. */
async function firstDayToRoll(db: Database): Promise<Day | null> {
  const lastFinal = await db
    .selectFrom('insight_rollup_days')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('is_final', '=', 1)
    .executeTakeFirst();
  if (lastFinal?.day) return addDays(lastFinal.day, 1);
  const first = await db
    .selectFrom('insight_events')
    .select((eb) => eb.fn.min('occurred_at').as('at'))
    .executeTakeFirst();
  return first?.at ? dayOf(new Date(first.at)) : null;
}

/** The anonymous keys each account key was linked to at registration, so a subscriber's reads before they registered count too. */
async function linkedKeysOf(db: Database, readerKeys: readonly string[]): Promise<Map<string, string[]>> {
  const linked = new Map<string, string[]>();
  for (let start = 0; start < readerKeys.length; start += keysPerQuery) {
    const rows = await db
      .selectFrom('insight_events')
      .select(['reader_key', 'linked_key'])
      .where('kind', '=', 'registered')
      .where('reader_key', 'in', readerKeys.slice(start, start + keysPerQuery))
      .where('linked_key', 'is not', null)
      .execute();
    for (const row of rows) {
      if (row.reader_key === null || row.linked_key === null) continue;
      linked.set(row.reader_key, [...(linked.get(row.reader_key) ?? []), row.linked_key]);
    }
  }
  return linked;
}

async function readsBefore(db: Database, { readerKeys, from, to }: { readerKeys: readonly string[]; from: Date; to: Date }): Promise<Read[]> {
  const reads: Read[] = [];
  for (let start = 0; start < readerKeys.length; start += keysPerReadScan) {
    const rows = await db
      .selectFrom('insight_events')
      .select(['reader_key', 'occurred_at', 'article_id', 'section_id', 'author_id'])
      .where('kind', '=', 'article-read')
      .where('reader_key', 'in', readerKeys.slice(start, start + keysPerReadScan))
      .where('occurred_at', '>=', from.toISOString())
      .where('occurred_at', '<', to.toISOString())
      .execute();
    for (const row of rows) {
      if (row.reader_key === null || row.article_id === null) continue;
      reads.push({ readerKey: row.reader_key, at: new Date(row.occurred_at), articleId: row.article_id, sectionId: row.section_id, authorId: row.author_id });
    }
  }
  return reads;
}

/** The day's subscriptions and registrations with all their readers' keys, and the reads of the 30 days before each. */
async function conversionsOf(db: Database, { from, to }: { from: Date; to: Date }): Promise<{ conversions: Conversion[]; reads: Read[] }> {
  const rows = await db
    .selectFrom('insight_events')
    .select(['kind', 'reader_key', 'linked_key', 'occurred_at'])
    .where('occurred_at', '>=', from.toISOString())
    .where('occurred_at', '<', to.toISOString())
    .where('kind', 'in', ['subscription-started', 'registered'])
    .where('reader_key', 'is not', null)
    .execute();
  const subscribers = [...new Set(rows.filter((row) => row.kind === 'subscription-started').flatMap((row) => (row.reader_key ? [row.reader_key] : [])))];
  const linked = await linkedKeysOf(db, subscribers);
  const conversions = rows.flatMap((row): Conversion[] => {
    if (row.reader_key === null) return [];
    const at = new Date(row.occurred_at);
    return row.kind === 'registered'
      ? [{ goal: 'registration', at, readerKeys: row.linked_key === null ? [row.reader_key] : [row.reader_key, row.linked_key] }]
      : [{ goal: 'subscription', at, readerKeys: [row.reader_key, ...(linked.get(row.reader_key) ?? [])] }];
  });
  const readerKeys = [...new Set(conversions.flatMap((conversion) => conversion.readerKeys))];
  const reads = await readsBefore(db, { readerKeys, from: new Date(from.getTime() - attributionWindowMs), to });
  return { conversions, reads };
}

async function creditsOf(db: Database, day: { from: Date; to: Date }) {
  const { conversions, reads } = await conversionsOf(db, day);
  return attributeConversions(conversions, reads);
}

/** Rolls up one day: its counts, the readers at each funnel step, and, once it is final, the conversions credited; replacing what was there. */
export async function rollUpDay(db: Database, { day, now }: { day: Day; now: Date }): Promise<void> {
  const from = startOfDay(day);
  const to = startOfDay(addDays(day, 1));
  const within = { from: from.toISOString(), to: to.toISOString() };
  const counts = await db
    .selectFrom('insight_events')
    .select(['kind', 'detail', 'source', 'offer_id', 'plan_id', (eb) => eb.fn.countAll<number | string>().as('events')])
    .where('occurred_at', '>=', within.from)
    .where('occurred_at', '<', within.to)
    .groupBy(['kind', 'detail', 'source', 'offer_id', 'plan_id'])
    .execute();
  const stepped = await db
    .selectFrom('insight_events')
    .select(['kind', 'detail', 'reader_key'])
    .distinct()
    .where('occurred_at', '>=', within.from)
    .where('occurred_at', '<', within.to)
    .where('kind', 'in', ['article-read', 'wall-shown', 'offer-chosen', 'checkout-started', 'subscription-started', 'trial-converted'])
    .where('reader_key', 'is not', null)
    .execute();
  const readersByStep = new Map<FunnelStep, Set<string>>();
  for (const row of stepped) {
    if (row.reader_key === null) continue;
    for (const step of funnelStepsOf(row)) {
      const readers = readersByStep.get(step) ?? new Set<string>();
      readers.add(row.reader_key);
      readersByStep.set(step, readers);
    }
  }
  const isFinal = now.getTime() >= to.getTime() + finalAfterMs;
  // Crediting a day's conversions reads the 30 days of reads before them, by time (the ledger has no
  // index by reader): once, when the day is final, rather than on every pass of the job loop over today.
  const credits = isFinal ? await creditsOf(db, { from, to }) : [];

  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('insight_daily_counts').where('day', '=', day).execute();
    await trx.deleteFrom('insight_daily_readers').where('day', '=', day).execute();
    await trx.deleteFrom('insight_daily_attributions').where('day', '=', day).execute();
    for (let start = 0; start < counts.length; start += 500) {
      await trx
        .insertInto('insight_daily_counts')
        .values(counts.slice(start, start + 500).map((row) => ({ day, ...row, events: Number(row.events) })))
        .execute();
    }
    if (readersByStep.size > 0) {
      await trx
        .insertInto('insight_daily_readers')
        .values(
          [...readersByStep].map(([step, readers]) => {
            const sketch = sketchReaders(readers);
            return { day, step, sketch: encodeSketch(sketch), readers: countReaders(sketch) };
          }),
        )
        .execute();
    }
    for (let start = 0; start < credits.length; start += 500) {
      await trx
        .insertInto('insight_daily_attributions')
        .values(
          credits
            .slice(start, start + 500)
            .map(({ goal, model, dimension, subjectId, conversions }) => ({ day, goal, model, dimension, subject_id: subjectId, conversions })),
        )
        .execute();
    }
    await trx
      .insertInto('insight_rollup_days')
      .values({ day, rolled_at: now.toISOString(), is_final: isFinal ? 1 : 0 })
      .onConflict((conflict) => conflict.column('day').doUpdateSet({ rolled_at: now.toISOString(), is_final: isFinal ? 1 : 0 }))
      .execute();
  });
}

/** Merges a month's daily sketches into its monthly ones, replacing them; called once its last day is final. */
export async function rollUpMonth(db: Database, month: string): Promise<void> {
  const rows = await db
    .selectFrom('insight_daily_readers')
    .select(['step', 'sketch'])
    .where('day', '>=', `${month}-01`)
    .where('day', '<=', `${month}-31`)
    .execute();
  const byStep = new Map<FunnelStep, ReaderSketch[]>();
  for (const row of rows) byStep.set(row.step, [...(byStep.get(row.step) ?? []), decodeSketch(row.sketch)]);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('insight_monthly_readers').where('month', '=', month).execute();
    if (byStep.size === 0) return;
    await trx
      .insertInto('insight_monthly_readers')
      .values([...byStep].map(([step, sketches]) => ({ month, step, sketch: encodeSketch(mergeSketches(sketches)) })))
      .execute();
  });
}

/**
 * The job loop's pass: rolls up every day not yet final, from the ledger's first (or the day after
 * the last final one) to today, at most a month of days a pass. Rolling a day again replaces it, so
 * two instances rolling the same day leave one set of rows.
 */
export async function rollUpInsights(db: Database, now: Date): Promise<RollupReport> {
  const first = await firstDayToRoll(db);
  const today = dayOf(now);
  if (first === null || first > today) return { days: 0 };
  const days = daysFrom(first, today).slice(0, daysPerPass);
  for (const day of days) {
    await rollUpDay(db, { day, now });
    const isMonthsLastDay = addDays(day, 1).endsWith('-01');
    if (isMonthsLastDay && now.getTime() >= startOfDay(addDays(day, 1)).getTime() + finalAfterMs) await rollUpMonth(db, day.slice(0, 7));
  }
  return { days: days.length };
}
