import type { VariantAssignment } from '../access/meter-cookie.ts';
import type { InsightEvent } from '../insights/insight-event.ts';
import type { ReaderName } from '../insights/reader-key.ts';
import type { Visit } from '../insights/visit-source.ts';

/**
 * The ledger's record of the variants that changed what a reader saw on one read: one
 * 'experiment-exposure' event per variant, about the article, by the reader (whom the ledger keeps only as a key).
 */
export function exposureEventsOf({
  exposures,
  article,
  reader,
  visit,
  at,
}: {
  exposures: readonly VariantAssignment[];
  article: { id: number; sectionId: number; authorId: number | null };
  reader: ReaderName | null;
  visit: Visit;
  at: Date;
}): InsightEvent[] {
  return exposures.map(({ experimentId, variant }) => ({
    kind: 'experiment-exposure',
    experiment: { id: experimentId, variant },
    article,
    visit,
    reader,
    at,
  }));
}
