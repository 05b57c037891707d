import type { MeteredReaderKind } from '../access/reader.ts';

/**
 * An experiment on the paywall, run on the server: readers are split between variants, each of
 * which changes one thing the access decision or the paywall is given.
 */
export type ExperimentKind = 'meter-limit' | 'paywall-offers' | 'paywall-wording' | 'registration-wall';

/** What one variant changes, by the experiment's kind. */
export type VariantChange =
  /** The monthly limit of one kind of reader's meter. */
  | { kind: 'meter-limit'; reader: MeteredReaderKind; limit: number }
  /** The offers the paywall shows, best first; an offer that is no longer live is left out. */
  | { kind: 'paywall-offers'; offerIds: readonly number[] }
  /** The title and body of the wall a spent meter shows (ICU messages, as in Settings). */
  | { kind: 'paywall-wording'; title: string; body: string }
  /** After how many metered articles an anonymous reader is asked to register; null for no registration wall. */
  | { kind: 'registration-wall'; after: number | null };

/** A variant: its key (what the cookie and the ledger carry), its name, its share of readers in percent. */
export type Variant = { key: string; name: string; share: number; change: VariantChange };

/** What counts as success: a reader who starts paying, or one who registers. */
export type PrimaryMetric = 'paid' | 'registered';

/** The sample planned before the start: from the base rate and the smallest difference worth finding, both in percent. */
export type SamplePlan = { baseRatePercent: number; minimumEffectPercent: number; readersPerVariant: number };

export type ExperimentStatus = { kind: 'running' } | { kind: 'stopped'; endedAt: Date } | { kind: 'shipped'; endedAt: Date; variant: string };

export type Experiment = {
  id: number;
  name: string;
  kind: ExperimentKind;
  /** The first variant is the control, the one every other is compared with. */
  variants: readonly Variant[];
  metric: PrimaryMetric;
  plan: SamplePlan;
  startedAt: Date;
  status: ExperimentStatus;
};

/** A running experiment, as the read path needs it. */
export type RunningExperiment = Pick<Experiment, 'id' | 'kind' | 'variants'>;

export const experimentKindLabels: Readonly<Record<ExperimentKind, string>> = {
  'meter-limit': 'Meter limit',
  'paywall-offers': 'Offers on the paywall',
  'paywall-wording': "The paywall's wording",
  'registration-wall': 'Where the registration wall stands',
};

export const metricLabels: Readonly<Record<PrimaryMetric, string>> = {
  paid: 'Conversion to paid',
  registered: 'Conversion to registered',
};

/** The variant of `experiment` under `key`, if it has one. */
export function variantOf(experiment: Pick<Experiment, 'variants'>, key: string): Variant | null {
  return experiment.variants.find((variant) => variant.key === key) ?? null;
}
