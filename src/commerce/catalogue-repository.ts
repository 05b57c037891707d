import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import type { CommerceTables } from './commerce-tables.ts';
import { isCurrency } from './money.ts';
import { listTiersByPlan, listTiersOfPlan, setPlanTiers } from './tier-repository.ts';
import type { Offer, OfferTerms, Plan } from './plan.ts';

type PlanRow = Omit<CommerceTables['plans'], 'id'> & { id: number };
type OfferRow = Omit<CommerceTables['offers'], 'id'> & { id: number };

function toPlan(row: PlanRow, tiersByPlan: ReadonlyMap<number, readonly string[]>): Plan {
  const benefits: unknown = JSON.parse(row.benefits);
  if (!isCurrency(row.currency)) throw new Error(`Plan ${row.slug} has an unknown currency ${row.currency}`);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    benefits: Array.isArray(benefits) ? benefits.filter((line): line is string => typeof line === 'string') : [],
    priceMinor: row.price_minor,
    currency: row.currency,
    interval: row.billing_interval,
    isActive: row.is_active === 1,
    tiers: tiersByPlan.get(row.id) ?? [],
  };
}

function toTerms(row: OfferRow): OfferTerms {
  if (row.terms_kind === 'introductory-price' && row.intro_price_minor !== null && row.intro_periods !== null) {
    return { kind: 'introductory-price', priceMinor: row.intro_price_minor, periods: row.intro_periods };
  }
  if (row.terms_kind === 'free-trial' && row.trial_days !== null) return { kind: 'free-trial', days: row.trial_days };
  return { kind: 'standard' };
}

function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    planId: row.plan_id,
    slug: row.slug,
    headline: row.headline,
    copy: row.copy,
    terms: toTerms(row),
    startsAt: row.starts_at === null ? null : new Date(row.starts_at),
    endsAt: row.ends_at === null ? null : new Date(row.ends_at),
    redemptionCap: row.redemption_cap,
    redemptionCount: row.redemption_count,
    isRetired: row.is_retired === 1,
  };
}

export async function listPlans(db: Database): Promise<Plan[]> {
  const [rows, tiersByPlan] = await Promise.all([db.selectFrom('plans').selectAll().orderBy('price_minor').execute(), listTiersByPlan(db)]);
  return rows.map((row) => toPlan(row, tiersByPlan));
}

export async function listOffers(db: Database): Promise<Offer[]> {
  return (await db.selectFrom('offers').selectAll().orderBy('id').execute()).map(toOffer);
}

export async function findOfferBySlug(db: Database, slug: string): Promise<{ offer: Offer; plan: Plan } | undefined> {
  const offerRow = await db.selectFrom('offers').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!offerRow) return undefined;
  const planRow = await db.selectFrom('plans').selectAll().where('id', '=', offerRow.plan_id).executeTakeFirstOrThrow();
  return { offer: toOffer(offerRow), plan: toPlan(planRow, new Map([[planRow.id, await listTiersOfPlan(db, planRow.id)]])) };
}

export async function findOfferById(db: Database, id: number): Promise<{ offer: Offer; plan: Plan } | undefined> {
  const row = await db.selectFrom('offers').select('slug').where('id', '=', id).executeTakeFirst();
  return row ? findOfferBySlug(db, row.slug) : undefined;
}

export async function findPlanById(db: Database, id: number): Promise<Plan | undefined> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPlan(row, new Map([[row.id, await listTiersOfPlan(db, row.id)]])) : undefined;
}

/** A plan to save; without `tiers` the plan keeps the tiers it gives. */
export type PlanInput = Omit<Plan, 'id' | 'tiers'> & { tiers?: readonly string[] };
export type OfferInput = Omit<Offer, 'id' | 'planId' | 'redemptionCount'> & { planSlug: string };

export async function savePlan(db: Database, plan: PlanInput, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const values = {
    slug: plan.slug,
    name: plan.name,
    benefits: JSON.stringify(plan.benefits),
    price_minor: plan.priceMinor,
    currency: plan.currency,
    billing_interval: plan.interval,
    is_active: plan.isActive ? 1 : 0,
  };
  const row = await db
    .insertInto('plans')
    .values({ ...values, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('slug').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  if (plan.tiers !== undefined) await setPlanTiers(db, row.id, plan.tiers);
  return row.id;
}

export async function saveOffer(db: Database, offer: OfferInput, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const plan = await db.selectFrom('plans').select('id').where('slug', '=', offer.planSlug).executeTakeFirstOrThrow();
  const values = {
    plan_id: plan.id,
    slug: offer.slug,
    headline: offer.headline,
    copy: offer.copy,
    terms_kind: offer.terms.kind,
    intro_price_minor: offer.terms.kind === 'introductory-price' ? offer.terms.priceMinor : null,
    intro_periods: offer.terms.kind === 'introductory-price' ? offer.terms.periods : null,
    trial_days: offer.terms.kind === 'free-trial' ? offer.terms.days : null,
    starts_at: offer.startsAt?.toISOString() ?? null,
    ends_at: offer.endsAt?.toISOString() ?? null,
    redemption_cap: offer.redemptionCap,
    is_retired: offer.isRetired ? 1 : 0,
  };
  const row = await db
    .insertInto('offers')
    .values({ ...values, redemption_count: 0, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('slug').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Counts one redemption if the offer is under its cap, atomically; false when the cap was reached. */
export async function redeemOffer(db: Database, offerId: number): Promise<boolean> {
  const result = await db
    .updateTable('offers')
    .set({ redemption_count: sql`redemption_count + 1` })
    .where('id', '=', offerId)
    .where((eb) => eb.or([eb('redemption_cap', 'is', null), eb('redemption_count', '<', eb.ref('redemption_cap'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
