import type { AccessSettings } from '../access/access-settings.ts';
import type { Wall } from '../access/decide-access.ts';
import type { AccessMessages } from '../access/messages.ts';
import type { PaywallSettings } from '../access/paywall-settings.ts';
import { isEntitled, type Reader } from '../access/reader.ts';
import type { AccessLevel } from '../content/access-level.ts';
import type { VariantAssignment } from '../access/meter-cookie.ts';
import type { RunningExperiment, VariantChange } from './experiment.ts';

/** What a variant may change: the meter's settings, the paywall's and the paywall's wording, as the decision and the page are given them. */
export type PaywallTerms = { accessSettings: AccessSettings; paywallSettings: PaywallSettings; messages: AccessMessages };

/** The reader of the meter a meter-limit experiment changes: every variant names the same one. */
function meterReaderOf(experiment: RunningExperiment): 'anonymous' | 'registered' | null {
  const [first] = experiment.variants;
  return first?.change.kind === 'meter-limit' ? first.change.reader : null;
}

/**
 * Whether an experiment's variant could change the decision on this read, before it is taken: a
 * meter's limit matters to its own kind of reader on a metered article, the registration wall to an
 * anonymous one. Entitled readers read everything whatever the variant, and are left out.
 */
export function changesDecision(experiment: RunningExperiment, { access, reader }: { access: AccessLevel; reader: Reader }): boolean {
  if (isEntitled(reader) || access !== 'metered') return false;
  if (experiment.kind === 'meter-limit') return meterReaderOf(experiment) === reader.kind;
  return experiment.kind === 'registration-wall' && reader.kind === 'anonymous';
}

/** Whether an experiment's variant changes the paywall of a read stopped by `wall`: its offers (every wall that sells), its wording (a spent meter's wall). */
export function changesPaywall(experiment: RunningExperiment, wall: Wall): boolean {
  if (experiment.kind === 'paywall-offers') return wall.kind !== 'registration-required';
  return experiment.kind === 'paywall-wording' && wall.kind === 'meter-exhausted';
}

/** The terms with one variant's change made. */
export function withChange(terms: PaywallTerms, change: VariantChange): PaywallTerms {
  switch (change.kind) {
    case 'meter-limit':
      return { ...terms, accessSettings: { ...terms.accessSettings, meterLimits: { ...terms.accessSettings.meterLimits, [change.reader]: change.limit } } };
    case 'registration-wall':
      return { ...terms, paywallSettings: { ...terms.paywallSettings, registrationWallAfter: change.after } };
    case 'paywall-offers':
      return { ...terms, paywallSettings: { ...terms.paywallSettings, offerIds: change.offerIds } };
    case 'paywall-wording':
      return {
        ...terms,
        messages: {
          ...terms.messages,
          meterExhaustedAnonymousTitle: change.title,
          meterExhaustedAnonymousBody: change.body,
          meterExhaustedRegisteredTitle: change.title,
          meterExhaustedRegisteredBody: change.body,
        },
      };
  }
}

/**
 * The monthly limit a signed-in reader's meter counts to before any meter rule of a visit: the
 * limit of their variant where a running meter-limit experiment on signed-in readers gave them one,
 * the setting otherwise.
 */
export function registeredMeterLimitOf(
  settings: AccessSettings,
  { experiments, assignments }: { experiments: readonly RunningExperiment[]; assignments: readonly VariantAssignment[] },
): number {
  for (const experiment of experiments) {
    if (experiment.kind !== 'meter-limit' || meterReaderOf(experiment) !== 'registered') continue;
    const key = assignments.find((assignment) => assignment.experimentId === experiment.id)?.variant;
    const change = experiment.variants.find((variant) => variant.key === key)?.change;
    if (change?.kind === 'meter-limit') return change.limit;
  }
  return settings.meterLimits.registered;
}
