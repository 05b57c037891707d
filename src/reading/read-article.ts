import type { AccessSettings } from '../access/access-settings.ts';
import { decideAccess, type AccessDecision, type AccessQuestion } from '../access/decide-access.ts';
import { meterPeriodOf, type Meter } from '../access/meter.ts';
import type { MeterRule } from '../access/meter-rules.ts';
import type { PaywallSettings } from '../access/paywall-settings.ts';
import type { Reader } from '../access/reader.ts';
import { loadReaderMeter, recordMeteredRead } from '../accounts/reader-meter.ts';
import type { Article, ArticleSummary } from '../content/article.ts';
import type { Database, Dialect } from '../db/database.ts';
import type { Visit } from '../insights/visit-source.ts';
import { cutBody, type CutBody } from './preview-cut.ts';

/** The settings a read is decided with: the meter's, and where the registration wall stands when one does. */
export type ReadSettings = AccessSettings & Partial<Pick<PaywallSettings, 'registrationWallAfter'>>;

export type ArticleRead = {
  decision: AccessDecision;
  body: CutBody;
  /** The anonymous meter to hand back to the reader's browser, when this read changed it. */
  anonymousMeterToStore: Meter | null;
};

/** What one read is decided on: the article, who reads it with what meter, from where, and the meter's settings and rules. */
export type ReadQuestion = {
  article: Article;
  reader: Reader;
  anonymousMeter: Meter | null;
  settings: ReadSettings;
  meterRules: readonly MeterRule[];
  visit: Visit;
  timeZone: string;
  now: Date;
};

/** What the access decision is told of an article. */
export function articleAccessOf(article: ArticleSummary): AccessQuestion['article'] {
  return { id: article.id, access: article.access, sectionId: article.section.id, requiredTier: article.requiredTier };
}

/**
 * One read of an article, by anyone, through any channel: decide, record the read on the meter,
 * cut the body. Registered readers' reads are recorded atomically, against the limit the read was
 * decided on and with the meter rule that set it; if a parallel read took the last free article
 * first, the read is decided again on the meter as it now stands.
 */
export async function readArticle(
  { db, dialect }: { db: Database; dialect: Dialect },
  { article, reader, anonymousMeter, settings, meterRules, visit, timeZone, now }: ReadQuestion,
): Promise<ArticleRead> {
  const question = { article: articleAccessOf(article), reader, settings, meterRules, visit, timeZone, now };
  if (reader.kind !== 'registered') {
    const decision = decideAccess({ ...question, meter: reader.kind === 'anonymous' ? anonymousMeter : null });
    const anonymousMeterToStore = reader.kind === 'anonymous' && decision.access === 'full' && decision.countsRead ? decision.meter : null;
    return { decision, body: cutBody(article, decision), anonymousMeterToStore };
  }

  const needsMeter = article.access === 'metered';
  const period = meterPeriodOf(now, timeZone);
  let decision = decideAccess({ ...question, meter: needsMeter ? await loadReaderMeter(db, reader.readerId, period) : null });
  // A counted read always carries the limit it was decided on.
  if (decision.access === 'full' && decision.countsRead && decision.meterLimit !== null) {
    const isRecorded = await recordMeteredRead(db, dialect, {
      accountId: reader.readerId,
      period,
      articleId: article.id,
      limit: decision.meterLimit,
      ruleId: decision.rule?.id ?? null,
      now,
    });
    if (!isRecorded) decision = decideAccess({ ...question, meter: await loadReaderMeter(db, reader.readerId, period) });
  }
  return { decision, body: cutBody(article, decision), anonymousMeterToStore: null };
}
