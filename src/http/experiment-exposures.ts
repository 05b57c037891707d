import type { Visitor } from '../access/meter-cookie.ts';
import { meterPeriodOf } from '../access/meter.ts';
import { exposureEventsOf } from '../experiments/exposure-events.ts';
import { exposureKeyOf } from '../experiments/exposure-key.ts';
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
  const { reader } = found.reader;
  const { article, chrome } = found.edition;
  const readerKey =
    reader.kind === 'registered'
      ? exposureKeyOf(deps.meterCookieKey.secret, { accountId: reader.readerId })
      : visitor !== null
        ? exposureKeyOf(deps.meterCookieKey.secret, { visitorId: visitor.id, period: meterPeriodOf(now, chrome.settings.timeZone) })
        : null;
  const articleRef = { id: article.id, sectionId: article.section.id, authorId: article.authors[0]?.id ?? null };
  for (const event of exposureEventsOf({ exposures, article: articleRef, readerKey, visit, at: now })) deps.insights.record(event);
}
