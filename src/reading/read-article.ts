import type { AccessSettings } from '../access/access-settings.ts';
import { decideAccess, type AccessDecision } from '../access/decide-access.ts';
import { meterPeriodOf, type Meter } from '../access/meter.ts';
import type { PaywallSettings } from '../access/paywall-settings.ts';
import type { Reader } from '../access/reader.ts';
import { loadReaderMeter, recordMeteredRead } from '../accounts/reader-meter.ts';
import type { Article } from '../content/article.ts';
import type { Database, Dialect } from '../db/database.ts';
import { cutBody, type CutBody } from './preview-cut.ts';

/** The settings a read is decided with: the meter's, and where the registration wall stands when one does. */
export type ReadSettings = AccessSettings & Partial<Pick<PaywallSettings, 'registrationWallAfter'>>;

export type ArticleRead = {
  decision: AccessDecision;
  body: CutBody;
  /** The anonymous meter to hand back to the reader's browser, when this read changed it. */
  anonymousMeterToStore: Meter | null;
};

/**
 * One read of an article, by anyone, through any channel: decide, record the read on the meter,
 * cut the body. Registered readers' reads are recorded atomically; if a parallel read took the last
 * free article first, the read is decided again on the meter as it now stands.
 */
export async function readArticle(
  { db, dialect }: { db: Database; dialect: Dialect },
  {
    article,
    reader,
    anonymousMeter,
    settings,
    timeZone,
    now,
  }: { article: Article; reader: Reader; anonymousMeter: Meter | null; settings: ReadSettings; timeZone: string; now: Date },
): Promise<ArticleRead> {
  const question = { article: { id: article.id, access: article.access }, reader, settings, timeZone, now };
  if (reader.kind !== 'registered') {
    const decision = decideAccess({ ...question, meter: reader.kind === 'anonymous' ? anonymousMeter : null });
    const anonymousMeterToStore = reader.kind === 'anonymous' && decision.access === 'full' && decision.countsRead ? decision.meter : null;
    return { decision, body: cutBody(article, decision), anonymousMeterToStore };
  }

  const needsMeter = article.access === 'metered';
  const period = meterPeriodOf(now, timeZone);
  let decision = decideAccess({ ...question, meter: needsMeter ? await loadReaderMeter(db, reader.readerId, period) : null });
  if (decision.access === 'full' && decision.countsRead) {
    const isRecorded = await recordMeteredRead(db, dialect, {
      accountId: reader.readerId,
      period,
      articleId: article.id,
      limit: settings.meterLimits.registered,
      now,
    });
    if (!isRecorded) decision = decideAccess({ ...question, meter: await loadReaderMeter(db, reader.readerId, period) });
  }
  return { decision, body: cutBody(article, decision), anonymousMeterToStore: null };
}
