import type { Database } from '../db/database.ts';
import type { AttributionDimension, AttributionGoal } from './attribution.ts';
import { buildFunnel, funnelSteps, type FunnelRow, type FunnelStep } from './funnel.ts';
import { addDays, coverOfSpan, daysFrom, startOfDay, type Day } from './insight-days.ts';
import { instantsOf, type InsightPeriod } from './insight-period.ts';
import { countReaders, decodeSketch, mergeSketches } from './reader-sketch.ts';
import {
  cohortRetention,
  measureSubscriptions,
  payingByDay,
  summariseTakings,
  type Cohort,
  type PlanPrice,
  type SubscriptionMovement,
  type Takings,
} from './revenue.ts';
import { listPlanPrices, listSubscriptionHistories, sumPayments } from './revenue-repository.ts';

export type Ranked = { subjectId: number; name: string; lastRead: number; readWithin30Days: number };
export type OfferFunnel = { offerId: number; name: string; shown: number; chosen: number; checkouts: number; started: number };
export type SourceRow = { source: string; reads: number; walls: number; registrations: number; subscriptions: number };
export type Compared<T> = { current: T; previous: T };

/** What /admin/insights shows for a period, beside the one before. */
export type InsightsReport = {
  period: InsightPeriod;
  /** When the rollups were last brought up to date; null before the first pass. */
  rolledAt: Date | null;
  funnel: FunnelRow[];
  readersByDay: { day: Day; readers: number }[];
  sources: SourceRow[];
  offers: OfferFunnel[];
  registrations: Compared<number>;
  attributions: Record<AttributionGoal, Record<AttributionDimension, Ranked[]>>;
  subscriptions: Compared<SubscriptionMovement>;
  takings: Compared<Takings>;
  plans: ReadonlyMap<number, PlanPrice>;
  offerNames: ReadonlyMap<number, string>;
  payingByDay: { day: Day; paying: number }[];
  cohorts: Cohort[];
};

const topSubjects = 10;
const cohortMonths = 12;

type Span = { first: Day; last: Day };

/** The readers at each funnel step over a span: merged from whole months' sketches and the other days' own. */
async function readersAtEachStep(db: Database, span: Span, lastFinal: Day | null): Promise<Record<FunnelStep, number>> {
  const { months, days } = coverOfSpan(span, lastFinal);
  const sketches: { step: FunnelStep; sketch: string }[] = [];
  for (let start = 0; start < months.length; start += 500) {
    sketches.push(
      ...(await db
        .selectFrom('insight_monthly_readers')
        .select(['step', 'sketch'])
        .where('month', 'in', months.slice(start, start + 500))
        .execute()),
    );
  }
  for (let start = 0; start < days.length; start += 500) {
    sketches.push(
      ...(await db
        .selectFrom('insight_daily_readers')
        .select(['step', 'sketch'])
        .where('day', 'in', days.slice(start, start + 500))
        .execute()),
    );
  }
  const decoded = sketches.map((row) => ({ step: row.step, sketch: decodeSketch(row.sketch) }));
  return Object.fromEntries(
    funnelSteps.map((step) => [step, countReaders(mergeSketches(decoded.filter((row) => row.step === step).map((row) => row.sketch)))]),
  ) as Record<FunnelStep, number>;
}

async function sumCounts(db: Database, { first, last }: { first: Day; last: Day }) {
  const rows = await db
    .selectFrom('insight_daily_counts')
    .select(['kind', 'detail', 'source', 'offer_id', (eb) => eb.fn.sum<number | string>('events').as('events')])
    .where('day', '>=', first)
    .where('day', '<=', last)
    .groupBy(['kind', 'detail', 'source', 'offer_id'])
    .execute();
  return rows.map((row) => ({ ...row, events: Number(row.events) }));
}

type CountRow = Awaited<ReturnType<typeof sumCounts>>[number];
const total = (rows: readonly CountRow[], isCounted: (row: CountRow) => boolean) => rows.filter(isCounted).reduce((sum, row) => sum + row.events, 0);

function sourcesOf(rows: readonly CountRow[]): SourceRow[] {
  const sources = [...new Set(rows.flatMap((row) => (row.source === null ? [] : [row.source])))];
  return sources
    .map((source) => ({
      source,
      reads: total(rows, (row) => row.source === source && row.kind === 'article-read'),
      walls: total(rows, (row) => row.source === source && row.kind === 'wall-shown'),
      registrations: total(rows, (row) => row.source === source && row.kind === 'registered'),
      subscriptions: total(rows, (row) => row.source === source && row.kind === 'subscription-started'),
    }))
    .sort((a, b) => b.reads - a.reads);
}

function offersOf(rows: readonly CountRow[], names: ReadonlyMap<number, string>): OfferFunnel[] {
  const offerIds = [...new Set(rows.flatMap((row) => (row.offer_id === null ? [] : [row.offer_id])))];
  return offerIds
    .map((offerId) => ({
      offerId,
      name: names.get(offerId) ?? `Offer ${offerId} (deleted)`,
      shown: total(rows, (row) => row.offer_id === offerId && row.kind === 'offer-shown'),
      chosen: total(rows, (row) => row.offer_id === offerId && row.kind === 'offer-chosen'),
      checkouts: total(rows, (row) => row.offer_id === offerId && row.kind === 'checkout-started'),
      started: total(rows, (row) => row.offer_id === offerId && row.kind === 'subscription-started'),
    }))
    .sort((a, b) => b.started - a.started || b.chosen - a.chosen);
}

async function namesOf(db: Database, dimension: AttributionDimension, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows =
    dimension === 'article'
      ? await db.selectFrom('articles').select(['id', 'headline as name']).where('id', 'in', ids).execute()
      : await db
          .selectFrom(dimension === 'section' ? 'sections' : 'authors')
          .select(['id', 'name'])
          .where('id', 'in', ids)
          .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function readAttributions(db: Database, { first, last }: { first: Day; last: Day }): Promise<InsightsReport['attributions']> {
  const rows = await db
    .selectFrom('insight_daily_attributions')
    .select(['goal', 'model', 'dimension', 'subject_id', (eb) => eb.fn.sum<number | string>('conversions').as('conversions')])
    .where('day', '>=', first)
    .where('day', '<=', last)
    .groupBy(['goal', 'model', 'dimension', 'subject_id'])
    .execute();
  const ranked = async (goal: AttributionGoal, dimension: AttributionDimension): Promise<Ranked[]> => {
    const mine = rows.filter((row) => row.goal === goal && row.dimension === dimension);
    const bySubject = new Map<number, { lastRead: number; readWithin30Days: number }>();
    for (const row of mine) {
      const entry = bySubject.get(row.subject_id) ?? { lastRead: 0, readWithin30Days: 0 };
      if (row.model === 'last-read') entry.lastRead += Number(row.conversions);
      else entry.readWithin30Days += Number(row.conversions);
      bySubject.set(row.subject_id, entry);
    }
    const top = [...bySubject]
      .sort(([idA, a], [idB, b]) => b.lastRead - a.lastRead || b.readWithin30Days - a.readWithin30Days || idA - idB)
      .slice(0, topSubjects);
    const names = await namesOf(
      db,
      dimension,
      top.map(([id]) => id),
    );
    return top.map(([subjectId, counts]) => ({ subjectId, name: names.get(subjectId) ?? `No longer in the newsroom (${subjectId})`, ...counts }));
  };
  const of = async (goal: AttributionGoal) => ({
    article: await ranked(goal, 'article'),
    section: await ranked(goal, 'section'),
    author: await ranked(goal, 'author'),
  });
  return { subscription: await of('subscription'), registration: await of('registration') };
}

/** Everything the insights page shows for a period and the one before, from the rollups and the commerce tables. */
export async function readInsights(db: Database, { period, now }: { period: InsightPeriod; now: Date }): Promise<InsightsReport> {
  const rolled = await db
    .selectFrom('insight_rollup_days')
    .select((eb) => [eb.fn.max('rolled_at').as('at'), eb.fn.max('day').filterWhere('is_final', '=', 1).as('lastFinal')])
    .executeTakeFirst();
  const lastFinal = rolled?.lastFinal ?? null;
  const [current, previous, dailyReaders, currentCounts, previousCounts, offerRows, subscriptions, plans, currentPayments, previousPayments] =
    await Promise.all([
      readersAtEachStep(db, period, lastFinal),
      readersAtEachStep(db, period.previous, lastFinal),
      db
        .selectFrom('insight_daily_readers')
        .select(['day', 'readers'])
        .where('step', '=', 'readers')
        .where('day', '>=', period.first)
        .where('day', '<=', period.last)
        .execute(),
      sumCounts(db, period),
      sumCounts(db, period.previous),
      db.selectFrom('offers').select(['id', 'headline']).execute(),
      listSubscriptionHistories(db),
      listPlanPrices(db),
      sumPayments(db, instantsOf(period)),
      sumPayments(db, instantsOf(period.previous)),
    ]);
  const offerNames = new Map(offerRows.map((row) => [row.id, row.headline]));
  const subscriptionsById = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
  const days = daysFrom(period.first, period.last);
  const readersByDay = new Map(dailyReaders.map((row) => [row.day, row.readers]));
  const measure = (span: { first: Day; last: Day }) => measureSubscriptions(subscriptions, plans, { period: instantsOf(span), now });
  const paying = payingByDay(subscriptions, { dayEnds: days.map((day) => startOfDay(addDays(day, 1))), now });
  return {
    period,
    rolledAt: rolled?.at ? new Date(rolled.at) : null,
    funnel: buildFunnel(current, previous),
    readersByDay: days.map((day) => ({ day, readers: readersByDay.get(day) ?? 0 })),
    sources: sourcesOf(currentCounts),
    offers: offersOf(currentCounts, offerNames),
    registrations: {
      current: total(currentCounts, (row) => row.kind === 'registered'),
      previous: total(previousCounts, (row) => row.kind === 'registered'),
    },
    attributions: await readAttributions(db, period),
    subscriptions: { current: measure(period), previous: measure(period.previous) },
    takings: { current: summariseTakings(currentPayments, subscriptionsById), previous: summariseTakings(previousPayments, subscriptionsById) },
    plans,
    offerNames,
    payingByDay: days.map((day, index) => ({ day, paying: paying[index] ?? 0 })),
    cohorts: cohortRetention(subscriptions, { until: new Date(Math.min(instantsOf(period).to.getTime() - 1, now.getTime())), months: cohortMonths, now }),
  };
}
