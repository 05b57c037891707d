import type { FastifyReply } from 'fastify';
import { newVisitor } from '../access/meter-cookie.ts';
import { emptyMeter, meterPeriodOf } from '../access/meter.ts';
import type { Visit } from '../insights/visit-source.ts';
import type { ArticleReader, FoundArticle } from '../reading/read-published-article.ts';
import { recordExposures } from './experiment-exposures.ts';
import { readerNameOf, recordReadInsights } from './insight-readers.ts';
import { storeAnonymousMeter } from './meter-cookie-jar.ts';
import type { SiteDeps } from './site-deps.ts';

/**
 * What a read of an article leaves behind, for the site's page and the apps' API alike: the
 * browser's cookie when its meter or its variants changed, the exposures to experiments, and the
 * read's events in the insights ledger. A browser is named when its meter is first stored or it is
 * first drawn into an experiment; until then its reads are nobody's.
 */
export function keepReadAftermath(
  reply: FastifyReply,
  deps: SiteDeps,
  { found, visit, now }: { found: FoundArticle<ArticleReader>; visit: Visit; now: Date },
): void {
  const { read, gift, paywall, experiments, edition, reader } = found;
  const visitor = experiments.visitorToStore ?? reader.visitor ?? (read.anonymousMeterToStore === null ? null : newVisitor());
  if ((read.anonymousMeterToStore !== null || experiments.visitorToStore !== null) && visitor !== null) {
    const meter = read.anonymousMeterToStore ?? read.decision.meter ?? emptyMeter(meterPeriodOf(now, edition.chrome.settings.timeZone));
    storeAnonymousMeter(reply, deps, { meter, visitor });
  }
  recordExposures(deps, { found, visitor, visit, now });
  recordReadInsights(deps.insights, {
    article: edition.article,
    reader: reader.reader,
    decision: read.decision,
    offersShown: (paywall?.offers ?? []).map(({ offer }) => ({ offerId: offer.id, planId: offer.planId })),
    gift: gift?.kind === 'granted' ? { isNewOpen: gift.isNewOpen } : null,
    readerName: readerNameOf({ accountId: reader.accountId, visitor, at: now }),
    visit,
    at: now,
  });
}
