import { maximumAssignments, type VariantAssignment } from '../access/meter-cookie.ts';
import type { RunningExperiment, Variant } from './experiment.ts';

/**
 * The variant a draw falls in: `draw` is uniform on [0, 1) and the variants' shares (percent) are
 * laid end to end, so each variant gets its share of readers.
 */
export function pickVariant(variants: readonly Variant[], draw: number): Variant {
  const total = variants.reduce((sum, variant) => sum + variant.share, 0);
  let edge = 0;
  for (const variant of variants) {
    edge += variant.share / total;
    if (draw < edge) return variant;
  }
  const last = variants.at(-1);
  if (!last) throw new Error('An experiment has at least two variants');
  return last;
}

/** The reader's variant of `experiment`: the one they were given before, while it still exists, else a new one drawn. */
export function assignmentOf(
  experiment: RunningExperiment,
  held: readonly VariantAssignment[],
  draw: () => number,
): { assignment: VariantAssignment; isNew: boolean } {
  const kept = held.find((assignment) => assignment.experimentId === experiment.id);
  if (kept && experiment.variants.some((variant) => variant.key === kept.variant)) return { assignment: kept, isNew: false };
  return { assignment: { experimentId: experiment.id, variant: pickVariant(experiment.variants, draw()).key }, isNew: true };
}

/**
 * The assignments a browser's cookie keeps: the new ones joined to those held, those of experiments
 * no longer running let go (the cookie has room for a few only), ascending by experiment as the
 * cookie wants them.
 */
export function keptAssignments(held: readonly VariantAssignment[], added: readonly VariantAssignment[], runningIds: ReadonlySet<number>): VariantAssignment[] {
  const byExperiment = new Map<number, VariantAssignment>();
  for (const assignment of [...held, ...added]) if (runningIds.has(assignment.experimentId)) byExperiment.set(assignment.experimentId, assignment);
  return [...byExperiment.values()].sort((a, b) => a.experimentId - b.experimentId).slice(-maximumAssignments);
}
