import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PrimaryMetric } from './experiment.ts';
import type { VariantTally } from './readout.ts';

/** The ledger's kinds that count as a conversion, by metric: a reader who starts paying (straight away or at the end of a trial), or who registers. */
const conversionKinds: Readonly<Record<PrimaryMetric, readonly string[]>> = {
  paid: ['subscription-started', 'trial-converted'],
  registered: ['registered'],
};

/**
 * What the ledger holds about an experiment, per variant: the readers exposed to it (by their
 * pseudonymous key, each counted in the variant of their first exposure), how many of them converted
 * after that first exposure, and how many articles they read after it. A reader who registered is
 * followed to their account's key by the `registered` event's `linked_key`, so an anonymous reader
 * who registers and then subscribes counts as the conversion it is. A trial started counts for
 * `paid` only once it converts. Nothing after `endedAt` counts.
 */
export async function tallyExperiment(
  db: Database,
  { experimentId, metric, endedAt = null }: { experimentId: number; metric: PrimaryMetric; endedAt?: Date | null },
): Promise<VariantTally[]> {
  const kinds = conversionKinds[metric];
  // Once the experiment has ended, what readers do after is no longer its doing: the readout stays as it stood.
  const until = (endedAt ?? new Date('9999-12-31T00:00:00Z')).toISOString();
  const isPaid = metric === 'paid';
  const { rows } = await sql<{ variant: string; readers: number | string; conversions: number | string; articles_read: number | string }>`
    with firsts as (
      -- A timestamp is 24 characters of ISO text, so the earliest "time variant" is the first exposure and its variant at once.
      select reader_key as participant, min(occurred_at || ' ' || variant) as first
      from insight_events
      where experiment_id = ${experimentId} and kind = 'experiment-exposure' and reader_key is not null
      group by reader_key
    ),
    exposed as (
      select participant, substr(first, 1, 24) as first_at, substr(first, 26) as variant from firsts
    ),
    reader_keys as (
      select participant, participant as reader_key from exposed
      union
      select x.participant, r.reader_key
      from exposed x
      join insight_events r on r.kind = 'registered' and r.linked_key = x.participant and r.reader_key is not null
    ),
    converted as (
      select distinct k.participant
      from reader_keys k
      join exposed x on x.participant = k.participant
      join insight_events c
        on c.occurred_at >= x.first_at and c.occurred_at < ${until}
        and c.kind in (${sql.join(kinds)})
        and (c.reader_key = k.reader_key ${isPaid ? sql`` : sql`or c.linked_key = k.reader_key`})
        ${isPaid ? sql`and (c.kind <> 'subscription-started' or c.detail = 'paid')` : sql``}
    ),
    reads as (
      select k.participant, count(*) as articles_read
      from reader_keys k
      join exposed x on x.participant = k.participant
      join insight_events a on a.reader_key = k.reader_key and a.kind = 'article-read' and a.occurred_at >= x.first_at and a.occurred_at < ${until}
      group by k.participant
    )
    select
      x.variant,
      count(*) as readers,
      count(c.participant) as conversions,
      coalesce(sum(r.articles_read), 0) as articles_read
    from exposed x
    left join converted c on c.participant = x.participant
    left join reads r on r.participant = x.participant
    group by x.variant
    order by x.variant
  `.execute(db);
  return rows.map((row) => ({
    variant: row.variant,
    readers: Number(row.readers),
    conversions: Number(row.conversions),
    articlesRead: Number(row.articles_read),
  }));
}
