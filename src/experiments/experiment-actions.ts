import type { Account } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import { recordAudit } from '../newsroom/audit-log.ts';
import { readAccessSettings, writeAccessSettings } from '../settings/access-settings-repository.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import { readPaywallSettings, writePaywallSettings } from '../settings/paywall-settings-repository.ts';
import { readAccessMessages, writeAccessMessages } from '../settings/settings-repository.ts';
import { experimentKindLabels, variantOf, type Experiment, type VariantChange } from './experiment.ts';
import type { ExperimentDraft } from './experiment-draft.ts';
import { withChange } from './variant-effects.ts';
import { endExperiment, ExperimentConflictError, InvalidVariantError, startExperiment } from './experiment-repository.ts';

/**
 * What the newsroom does with an experiment: start it, stop it, or ship a variant, each in one
 * transaction with its line in the audit log and a new content version, so every instance's pages
 * change at once.
 */

function describeChange(change: VariantChange): string {
  switch (change.kind) {
    case 'meter-limit':
      return `the ${change.reader} meter limit set to ${change.limit}`;
    case 'registration-wall':
      return change.after === null ? 'no registration wall' : `the registration wall after ${change.after} articles`;
    case 'paywall-offers':
      return `the paywall showing offers ${change.offerIds.join(', ')}`;
    case 'paywall-wording':
      return `the spent meter's wall titled "${change.title}"`;
  }
}

/** Starts the experiment; its readers are split from the next read on. */
export async function beginExperiment(db: Database, { draft, actor, now }: { draft: ExperimentDraft; actor: Account; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await startExperiment(trx, draft, now);
    const variants = draft.variants.map(({ key, name, share }) => `${key.toUpperCase()} ${name} (${share}%)`).join(', ');
    await recordAudit(trx, {
      actor,
      action: 'started an experiment',
      subject: `experiment ${id}: ${draft.name}`,
      detail: `${experimentKindLabels[draft.kind]}; ${variants}; ${draft.plan.readersPerVariant} readers per variant planned`,
      now,
    });
    await bumpContentVersion(trx, now);
    return id;
  });
}

/** Stops the experiment: every reader sees the publication's settings again, and the readout stays as it stood. */
export async function stopExperiment(db: Database, { experiment, actor, now }: { experiment: Experiment; actor: Account; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await endExperiment(trx, { id: experiment.id, shippedVariant: null, now }))) throw new ExperimentConflictError('That experiment has already ended.');
    await recordAudit(trx, { actor, action: 'stopped an experiment', subject: `experiment ${experiment.id}: ${experiment.name}`, now });
    await bumpContentVersion(trx, now);
  });
}

/** Ends the experiment and makes one variant's change the publication's setting, for every reader. */
export async function shipVariant(
  db: Database,
  { experiment, variantKey, actor, now }: { experiment: Experiment; variantKey: string; actor: Account; now: Date },
): Promise<void> {
  const variant = variantOf(experiment, variantKey);
  if (variant === null) throw new InvalidVariantError(`Experiment ${experiment.id} has no variant ${variantKey}.`);
  await db.transaction().execute(async (trx) => {
    if (!(await endExperiment(trx, { id: experiment.id, shippedVariant: variant.key, now }))) {
      throw new ExperimentConflictError('That experiment has already ended.');
    }
    await writeSetting(trx, variant.change, now);
    await recordAudit(trx, {
      actor,
      action: 'shipped an experiment variant',
      subject: `experiment ${experiment.id}: ${experiment.name}`,
      detail: `variant ${variant.key.toUpperCase()} (${variant.name}): ${describeChange(variant.change)}`,
      now,
    });
    await bumpContentVersion(trx, now);
  });
}

/** Writes the variant's change into the publication's settings: the same change its readers were shown (variant-effects.ts). */
async function writeSetting(db: Database, change: VariantChange, now: Date): Promise<void> {
  const [accessSettings, paywallSettings, messages] = await Promise.all([readAccessSettings(db), readPaywallSettings(db), readAccessMessages(db)]);
  const shipped = withChange({ accessSettings, paywallSettings, messages }, change);
  if (change.kind === 'meter-limit') return writeAccessSettings(db, shipped.accessSettings, now);
  if (change.kind === 'paywall-wording') return writeAccessMessages(db, shipped.messages, now);
  return writePaywallSettings(db, shipped.paywallSettings, now);
}
