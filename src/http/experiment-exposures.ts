import type { Visitor } from '../access/meter-cookie.ts';
import { exposureEventsOf } from '../experiments/exposure-events.ts';
import { readerNameOf } from './insight-readers.ts';
import type { Visit } from '../insights/visit-source.ts';
import type { ArticleReader, FoundArticle } from '../reading/read-published-article.ts';
import type { SiteDeps } from './site-deps.ts';

/** Records in the ledger the variants that changed what this read showed, for the site and the apps alike. */
export function recordExposures(
  deps: SiteDeps,
  { found, visitor, visit, now }: { found: FoundArticle<ArticleReader>; visitor: Visitor | null; visit: Visit; now: Date },
): void {
  const { exposures } = found.experiments;
  if (exposures.length === 0) return;
  const { article } = found.edition;
  // Named as the ledger names readers, so that an exposure and the registration or subscription after it meet in the readout.
  const reader = readerNameOf({ accountId: found.reader.accountId, visitor, at: now });
  const articleRef = { id: article.id, sectionId: article.section.id, authorId: article.authors[0]?.id ?? null };
  for (const event of exposureEventsOf({ exposures, article: articleRef, reader, visit, at: now })) deps.insights.record(event);
}
