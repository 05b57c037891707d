import type { Database } from '../src/db/database.ts';
import { startExperiment } from '../src/experiments/experiment-repository.ts';

/** Starts a two-variant meter-limit experiment on one kind of reader, named variants "a" and "b", as an editor's form would. */
export function startMeterExperiment(
  db: Database,
  {
    name,
    reader,
    variants,
  }: { name: string; reader: 'anonymous' | 'registered'; variants: readonly [{ name: string; limit: number }, { name: string; limit: number }] },
  now: Date,
): Promise<number> {
  return startExperiment(
    db,
    {
      name,
      kind: 'meter-limit',
      variants: variants.map(({ name: variantName, limit }, index) => ({
        key: index === 0 ? 'a' : 'b',
        name: variantName,
        share: 50,
        change: { kind: 'meter-limit', reader, limit },
      })),
      metric: 'paid',
      plan: { baseRatePercent: 2, minimumEffectPercent: 1, readersPerVariant: 3_826 },
    },
    now,
  );
}
