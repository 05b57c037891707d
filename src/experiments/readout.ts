import type { Variant } from './experiment.ts';
import { zTwoSided95 } from './sample-size.ts';

/** What the ledger counted for one variant since the start: readers exposed, those who converted, the articles they read. */
export type VariantTally = { variant: string; readers: number; conversions: number; articlesRead: number };

/** A difference between two rates, with its 95 % interval, all as fractions. */
export type Difference = { estimate: number; low: number; high: number };

export type VariantReadout = {
  variant: Variant;
  readers: number;
  conversions: number;
  /** Conversions per reader; null before anyone is exposed. */
  rate: number | null;
  /** The guardrail: articles read per reader exposed. */
  articlesPerReader: number | null;
  /** Against the control; null for the control itself, or while either has no reader. */
  difference: Difference | null;
  hasReachedPlan: boolean;
};

/**
 * What the readout concludes. `not-yet` until every variant has its planned readers: looking
 * earlier and stopping at the first good-looking day finds differences that are not there.
 */
export type Verdict = { kind: 'not-yet'; readersToGo: number } | { kind: 'winner'; variant: string } | { kind: 'control-holds' } | { kind: 'no-difference' };

export type Readout = { variants: VariantReadout[]; verdict: Verdict };

/**
 * The difference of two proportions (treated minus control) with its 95 % interval, by the normal
 * approximation with each group's own variance (the Wald interval).
 */
export function differenceOfRates(control: { readers: number; conversions: number }, treated: { readers: number; conversions: number }): Difference {
  const controlRate = control.conversions / control.readers;
  const treatedRate = treated.conversions / treated.readers;
  const estimate = treatedRate - controlRate;
  const standardError = Math.sqrt((controlRate * (1 - controlRate)) / control.readers + (treatedRate * (1 - treatedRate)) / treated.readers);
  const margin = zTwoSided95 * standardError;
  return { estimate, low: estimate - margin, high: estimate + margin };
}

/** The readout of an experiment: each variant's rate and guardrail, its difference from the control (the first variant), and the verdict. */
export function readExperiment({
  variants,
  tallies,
  plannedReadersPerVariant,
}: {
  variants: readonly Variant[];
  tallies: readonly VariantTally[];
  plannedReadersPerVariant: number;
}): Readout {
  const tallyOf = (key: string) => tallies.find((tally) => tally.variant === key) ?? { variant: key, readers: 0, conversions: 0, articlesRead: 0 };
  const [control] = variants;
  const controlTally = tallyOf(control?.key ?? '');
  const readouts = variants.map((variant, index): VariantReadout => {
    const { readers, conversions, articlesRead } = tallyOf(variant.key);
    const isComparable = index > 0 && readers > 0 && controlTally.readers > 0;
    return {
      variant,
      readers,
      conversions,
      rate: readers > 0 ? conversions / readers : null,
      articlesPerReader: readers > 0 ? articlesRead / readers : null,
      difference: isComparable ? differenceOfRates(controlTally, { readers, conversions }) : null,
      hasReachedPlan: readers >= plannedReadersPerVariant,
    };
  });
  const readersToGo = readouts.reduce((sum, { readers }) => sum + Math.max(0, plannedReadersPerVariant - readers), 0);
  if (readersToGo > 0) return { variants: readouts, verdict: { kind: 'not-yet', readersToGo } };
  return { variants: readouts, verdict: verdictOf(readouts) };
}

/** Among the variants whose interval lies wholly above zero, the best estimate wins; if every other lies wholly below, the control holds. */
function verdictOf(readouts: readonly VariantReadout[]): Verdict {
  const challengers = readouts.slice(1);
  const better = challengers
    .filter((readout) => readout.difference !== null && readout.difference.low > 0)
    .sort((a, b) => (b.difference?.estimate ?? 0) - (a.difference?.estimate ?? 0));
  const [best] = better;
  if (best) return { kind: 'winner', variant: best.variant.key };
  if (challengers.length > 0 && challengers.every((readout) => readout.difference !== null && readout.difference.high < 0)) return { kind: 'control-holds' };
  return { kind: 'no-difference' };
}
