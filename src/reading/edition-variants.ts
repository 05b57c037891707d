import type { VariantAssignment } from '../access/meter-cookie.ts';
import { variantOf } from '../experiments/experiment.ts';
import { withChange } from '../experiments/variant-effects.ts';
import type { Edition } from './edition.ts';

const variantsByEdition = new WeakMap<Edition, Map<string, Edition>>();

/**
 * The edition as a reader in these variants sees it: the settings, offers' choice and wording their
 * variants change, under a key of its own, so a page kept for one variant is never served to another.
 * Each variant edition is made once per edition and kept with it, as the page and its wording are.
 */
export function editionInVariants(edition: Edition, assignments: readonly VariantAssignment[]): Edition {
  const changes = assignments.flatMap(({ experimentId, variant }) => {
    const experiment = edition.experiments.find(({ id }) => id === experimentId);
    const chosen = experiment ? variantOf(experiment, variant) : null;
    return chosen ? [{ tag: `${experimentId}.${variant}`, change: chosen.change }] : [];
  });
  if (changes.length === 0) return edition;
  const tag = changes.map(({ tag }) => tag).join('+');
  let variants = variantsByEdition.get(edition);
  if (variants === undefined) {
    variants = new Map();
    variantsByEdition.set(edition, variants);
  }
  let variantEdition = variants.get(tag);
  if (variantEdition === undefined) {
    const terms = changes.reduce((current, { change }) => withChange(current, change), {
      accessSettings: edition.accessSettings,
      paywallSettings: edition.paywallSettings,
      messages: edition.messages,
    });
    variantEdition = { ...edition, ...terms, key: `${edition.key}:x${tag}` };
    variants.set(tag, variantEdition);
  }
  return variantEdition;
}
