import type { Generated } from 'kysely';
import type { ExperimentKind, PrimaryMetric } from './experiment.ts';

/** The experiments' own tables. */
export type ExperimentTables = {
  experiments: {
    id: Generated<number>;
    name: string;
    kind: ExperimentKind;
    /** The variants as JSON (experiment.ts's Variant[]), fixed at the start: a running experiment's arms never change. */
    variants: string;
    metric: PrimaryMetric;
    /** The sample plan: base rate and smallest effect in hundredths of a percent, and the readers each variant needs. */
    base_rate_bp: number;
    minimum_effect_bp: number;
    readers_per_variant: number;
    status: 'running' | 'stopped' | 'shipped';
    started_at: string;
    ended_at: string | null;
    shipped_variant: string | null;
  };
  /** A registered reader's variant of an experiment, given once and kept: the account is where it follows them. */
  experiment_assignments: {
    experiment_id: number;
    account_id: number;
    variant: string;
    assigned_at: string;
  };
};
