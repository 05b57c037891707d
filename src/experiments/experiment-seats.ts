import { newVisitor, type VariantAssignment, type Visitor } from '../access/meter-cookie.ts';
import type { Database } from '../db/database.ts';
import { assignmentOf, keptAssignments } from './assign-variant.ts';
import type { RunningExperiment } from './experiment.ts';
import { findAccountAssignments, keepAccountAssignments } from './experiment-repository.ts';

/**
 * Who holds a reader's variants: an anonymous reader's browser (the signed meter cookie, whose
 * visitor may not exist yet), a registered reader's account, or nobody (an entitled reader or an
 * app's token holder: experiments change nothing they see).
 */
export type Participant = { kind: 'visitor'; visitor: Visitor | null } | { kind: 'account'; accountId: number } | { kind: 'none' };

/** One read's dealings with the experiments: the variants it takes, and the visitor to hand back when a new one was given. */
export type ExperimentSeats = {
  take: (experiments: readonly RunningExperiment[]) => Promise<VariantAssignment[]>;
  /** The browser's visitor with every variant it now holds, when this read gave it a new one; null otherwise. */
  visitorToStore: () => Visitor | null;
};

/**
 * The variants a reader holds of the experiments a read meets, given where they are missing: in the
 * account at once (kept if a parallel read gave one first), in the browser's cookie when the reply
 * hands it back. `draw` is the randomness (Math.random; a test's own).
 */
export function seatReader(
  db: Database,
  { participant, running, now, draw = Math.random }: { participant: Participant; running: readonly RunningExperiment[]; now: Date; draw?: () => number },
): ExperimentSeats {
  let visitor = participant.kind === 'visitor' ? participant.visitor : null;
  let isVisitorChanged = false;
  const runningIds = new Set(running.map(({ id }) => id));

  async function take(experiments: readonly RunningExperiment[]): Promise<VariantAssignment[]> {
    if (experiments.length === 0 || participant.kind === 'none') return [];
    if (participant.kind === 'account') {
      const held = await findAccountAssignments(
        db,
        participant.accountId,
        experiments.map(({ id }) => id),
      );
      const drawn = experiments.map((experiment) => assignmentOf(experiment, held, draw));
      const missing = drawn.filter(({ isNew }) => isNew).map(({ assignment }) => assignment);
      if (missing.length === 0) return drawn.map(({ assignment }) => assignment);
      await keepAccountAssignments(db, { accountId: participant.accountId, assignments: missing, now });
      // Read back: a parallel read may have given some of them first, and its variant is the one kept.
      return findAccountAssignments(
        db,
        participant.accountId,
        experiments.map(({ id }) => id),
      );
    }
    const current = visitor ?? newVisitor();
    const drawn = experiments.map((experiment) => assignmentOf(experiment, current.assignments, draw));
    const added = drawn.filter(({ isNew }) => isNew).map(({ assignment }) => assignment);
    if (visitor === null || added.length > 0) {
      visitor = { id: current.id, assignments: keptAssignments(current.assignments, added, runningIds) };
      isVisitorChanged = true;
    }
    return drawn.map(({ assignment }) => assignment);
  }

  return { take, visitorToStore: () => (isVisitorChanged ? visitor : null) };
}
