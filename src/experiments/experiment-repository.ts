import type { Selectable } from 'kysely';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { AccessSettings } from '../access/access-settings.ts';
import type { VariantAssignment } from '../access/meter-cookie.ts';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError } from '../errors/domain-error.ts';
import { experimentKindLabels, type Experiment, type ExperimentStatus, type RunningExperiment, type Variant } from './experiment.ts';
import type { ExperimentDraft } from './experiment-draft.ts';
import type { ExperimentTables } from './experiment-tables.ts';
import { registeredMeterLimitOf } from './variant-effects.ts';

type ExperimentRow = Selectable<ExperimentTables['experiments']>;

const storedChange = Type.Union([
  Type.Object({ kind: Type.Literal('meter-limit'), reader: Type.Union([Type.Literal('anonymous'), Type.Literal('registered')]), limit: Type.Integer() }),
  Type.Object({ kind: Type.Literal('paywall-offers'), offerIds: Type.Array(Type.Integer()) }),
  Type.Object({ kind: Type.Literal('paywall-wording'), title: Type.String(), body: Type.String() }),
  Type.Object({ kind: Type.Literal('registration-wall'), after: Type.Union([Type.Integer(), Type.Null()]) }),
]);
const storedVariants = Type.Array(Type.Object({ key: Type.String(), name: Type.String(), share: Type.Integer(), change: storedChange }), { minItems: 2 });

/** The variants as stored; a row that does not hold what this code wrote is a fault to report, not to guess at. */
function variantsOf(row: Pick<ExperimentRow, 'id' | 'variants'>): Variant[] {
  const parsed: unknown = JSON.parse(row.variants);
  if (!Value.Check(storedVariants, parsed)) throw new Error(`Experiment ${row.id}'s stored variants are not in the expected shape`);
  return parsed satisfies Static<typeof storedVariants>;
}

function statusOf(row: ExperimentRow): ExperimentStatus {
  if (row.status === 'running' || row.ended_at === null) return { kind: 'running' };
  const endedAt = new Date(row.ended_at);
  return row.status === 'shipped' && row.shipped_variant !== null ? { kind: 'shipped', endedAt, variant: row.shipped_variant } : { kind: 'stopped', endedAt };
}

function toExperiment(row: ExperimentRow): Experiment {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    variants: variantsOf(row),
    metric: row.metric,
    plan: { baseRatePercent: row.base_rate_bp / 100, minimumEffectPercent: row.minimum_effect_bp / 100, readersPerVariant: row.readers_per_variant },
    startedAt: new Date(row.started_at),
    status: statusOf(row),
  };
}

export class ExperimentConflictError extends DomainError {
  override name = 'ExperimentConflictError';
  constructor(message: string) {
    super(message, { kind: 'conflict' });
  }
}

/** Starts an experiment from its draft; refused while another of its kind runs. */
export async function startExperiment(db: Database, draft: ExperimentDraft, now: Date): Promise<number> {
  try {
    const { id } = await db
      .insertInto('experiments')
      .values({
        name: draft.name,
        kind: draft.kind,
        variants: JSON.stringify(draft.variants),
        metric: draft.metric,
        base_rate_bp: Math.round(draft.plan.baseRatePercent * 100),
        minimum_effect_bp: Math.round(draft.plan.minimumEffectPercent * 100),
        readers_per_variant: draft.plan.readersPerVariant,
        status: 'running',
        started_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new ExperimentConflictError(
      `An experiment on ${experimentKindLabels[draft.kind].toLowerCase()} is already running: stop it before starting another.`,
    );
  }
}

/** Every experiment, the newest first. */
export async function listExperiments(db: Database): Promise<Experiment[]> {
  const rows = await db.selectFrom('experiments').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toExperiment);
}

export async function findExperiment(db: Database, id: number): Promise<Experiment | null> {
  const row = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toExperiment(row) : null;
}

/** The experiments readers are being split by now. */
export async function listRunningExperiments(db: Database): Promise<RunningExperiment[]> {
  const rows = await db.selectFrom('experiments').select(['id', 'kind', 'variants']).where('status', '=', 'running').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind, variants: variantsOf(row) }));
}

/** Ends a running experiment, shipping one variant or none; false when it had already ended (another editor, another tab). */
export async function endExperiment(db: Database, { id, shippedVariant, now }: { id: number; shippedVariant: string | null; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('experiments')
    .set({ status: shippedVariant === null ? 'stopped' : 'shipped', shipped_variant: shippedVariant, ended_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A registered reader's variants of the given experiments, as their account holds them. */
export async function findAccountAssignments(db: Database, accountId: number, experimentIds: readonly number[]): Promise<VariantAssignment[]> {
  if (experimentIds.length === 0) return [];
  const rows = await db
    .selectFrom('experiment_assignments')
    .select(['experiment_id', 'variant'])
    .where('account_id', '=', accountId)
    .where('experiment_id', 'in', experimentIds)
    .execute();
  return rows.map((row) => ({ experimentId: row.experiment_id, variant: row.variant }));
}

/** The variants a registered reader's account was given, by experiment and variant name, for their own data's download. */
export async function listReaderExperiments(db: Database, accountId: number): Promise<{ experiment: string; variant: string; assignedAt: string }[]> {
  const rows = await db
    .selectFrom('experiment_assignments')
    .innerJoin('experiments', 'experiments.id', 'experiment_assignments.experiment_id')
    .select(['experiments.id', 'experiments.name', 'experiments.variants', 'experiment_assignments.variant', 'experiment_assignments.assigned_at'])
    .where('experiment_assignments.account_id', '=', accountId)
    .orderBy('experiment_assignments.assigned_at')
    .orderBy('experiments.id')
    .execute();
  return rows.map((row) => ({
    experiment: row.name,
    variant: variantsOf(row).find((variant) => variant.key === row.variant)?.name ?? row.variant,
    assignedAt: row.assigned_at,
  }));
}

/**
 * Gives a registered reader these variants where their account has none yet: a variant once given
 * is never replaced, so a parallel read, another device or a login merge never moves a reader.
 */
export async function keepAccountAssignments(
  db: Database,
  { accountId, assignments, now }: { accountId: number; assignments: readonly VariantAssignment[]; now: Date },
): Promise<void> {
  if (assignments.length === 0) return;
  await db
    .insertInto('experiment_assignments')
    .values(assignments.map(({ experimentId, variant }) => ({ experiment_id: experimentId, account_id: accountId, variant, assigned_at: now.toISOString() })))
    .onConflict((conflict) => conflict.columns(['experiment_id', 'account_id']).doNothing())
    .execute();
}

export class InvalidVariantError extends DomainError {
  override name = 'InvalidVariantError';
  constructor(message: string) {
    super(message, { kind: 'invalid', field: 'variant' });
  }
}

/** A signed-in reader's monthly meter limit as the article pages count it, their variant's where they have one (variant-effects.ts). */
export async function readRegisteredMeterLimit(db: Database, accountId: number, settings: AccessSettings): Promise<number> {
  const experiments = await listRunningExperiments(db);
  const assignments = await findAccountAssignments(
    db,
    accountId,
    experiments.map(({ id }) => id),
  );
  return registeredMeterLimitOf(settings, { experiments, assignments });
}
