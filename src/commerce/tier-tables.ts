import type { Generated } from 'kysely';

export type TierTables = {
  tiers: {
    id: Generated<number>;
    slug: string;
    name: string;
    description: string;
    created_at: string;
  };
  plan_tiers: {
    plan_id: number;
    tier_id: number;
  };
};
