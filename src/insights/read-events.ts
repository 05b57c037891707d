import type { AccessDecision } from '../access/decide-access.ts';
import { isEntitled, type Reader } from '../access/reader.ts';
import type { AccessLevel } from '../content/access-level.ts';
import type { Article } from '../content/article.ts';
import type { EventContext, InsightEventBody } from './insight-event.ts';

/** What one read of an article adds to the ledger, before the reader's key, the time and the visit are put on. */
export type ReadEvent = InsightEventBody & Pick<EventContext, 'offerId' | 'planId' | 'meterRule'>;

export type ReadQuestion = {
  article: { access: AccessLevel };
  reader: Reader;
  decision: AccessDecision;
  /** The paywall's offers, best first, when the reader got the preview. */
  offersShown: readonly { offerId: number; planId: number }[];
  /** What a gift link in the address did: opened the article (`isNewOpen` the first time in this browser), or nothing. */
  gift: { isNewOpen: boolean } | null;
};

/**
 * The events of one read: the read and how it was allowed, or the wall and each offer on it, with
 * the meter rule that applied. Staff
 * and verified crawlers are not the audience, so their reads count for nothing.
 */
export function readEventsOf({ article, reader, decision, offersShown, gift }: ReadQuestion): ReadEvent[] {
  if (reader.kind === 'staff' || reader.kind === 'verified-crawler') return [];
  // The meter rule that set the limit goes with the read or the wall it decided.
  const ruled = decision.rule === null ? {} : { meterRule: decision.rule.name };
  if (decision.access === 'preview') {
    return [
      { kind: 'wall-shown', wall: decision.wall.kind, ...ruled },
      ...offersShown.map(({ offerId, planId }) => ({ kind: 'offer-shown' as const, offerId, planId })),
    ];
  }
  if (gift !== null)
    return gift.isNewOpen ? [{ kind: 'article-read', access: 'gifted' }, { kind: 'gift-opened' }] : [{ kind: 'article-read', access: 'gifted' }];
  const access =
    article.access === 'free' || article.access === 'registered'
      ? 'free'
      : isEntitled(reader)
        ? 'entitled'
        : decision.countsRead
          ? 'metered-counted'
          : 're-read';
  return [{ kind: 'article-read', access, ...ruled }];
}

/** The article an event is about: its section and its first author, whose byline leads. */
export function articleOfEvent(article: Pick<Article, 'id' | 'section' | 'authors'>): NonNullable<EventContext['article']> {
  return { id: article.id, sectionId: article.section.id, authorId: article.authors[0]?.id ?? null };
}
