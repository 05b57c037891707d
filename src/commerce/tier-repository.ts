import type { Database } from '../db/database.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import type { Tier } from './tier.ts';

export async function listTiers(db: Database): Promise<Tier[]> {
  return db.selectFrom('tiers').select(['id', 'slug', 'name', 'description']).orderBy('id').execute();
}

/** Every plan's tiers (slugs), by plan id: a small table, read whole. */
export async function listTiersByPlan(db: Database): Promise<Map<number, string[]>> {
  const rows = await db.selectFrom('plan_tiers as pt').innerJoin('tiers as t', 't.id', 'pt.tier_id').select(['pt.plan_id', 't.slug']).orderBy('t.id').execute();
  const byPlan = new Map<number, string[]>();
  for (const row of rows) byPlan.set(row.plan_id, [...(byPlan.get(row.plan_id) ?? []), row.slug]);
  return byPlan;
}

export async function listTiersOfPlan(db: Database, planId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('plan_tiers as pt')
    .innerJoin('tiers as t', 't.id', 'pt.tier_id')
    .select('t.slug')
    .where('pt.plan_id', '=', planId)
    .orderBy('t.id')
    .execute();
  return rows.map((row) => row.slug);
}

/** Creates a tier or renames the one with its slug; articles and plans keep naming it. */
export async function saveTier(db: Database, tier: Omit<Tier, 'id'>, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const values = { name: tier.name, description: tier.description };
  const row = await db
    .insertInto('tiers')
    .values({ slug: tier.slug, ...values, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('slug').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Makes a plan give exactly these tiers (slugs); an unknown slug is ignored by the caller's form, not here. */
export async function setPlanTiers(db: Database, planId: number, tierSlugs: readonly string[]): Promise<void> {
  await db.deleteFrom('plan_tiers').where('plan_id', '=', planId).execute();
  if (tierSlugs.length === 0) return;
  const tiers = await db.selectFrom('tiers').select('id').where('slug', 'in', tierSlugs).execute();
  if (tiers.length > 0)
    await db
      .insertInto('plan_tiers')
      .values(tiers.map((tier) => ({ plan_id: planId, tier_id: tier.id })))
      .execute();
}
