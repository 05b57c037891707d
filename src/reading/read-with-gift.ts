import { decideGiftedAccess } from '../access/gifted-access.ts';
import { meterPeriodOf, type Meter } from '../access/meter.ts';
import { readsWhole, type Reader } from '../access/reader.ts';
import { loadReaderMeter } from '../accounts/reader-meter.ts';
import { hashToken } from '../accounts/tokens.ts';
import { cutBody } from './preview-cut.ts';
import { articleAccessOf, readArticle, type ArticleRead, type ReadQuestion } from './read-article.ts';
import type { GiftContext } from '../gifts/give-gift.ts';
import { findGiftById, findGiftByTokenHash, recordGiftOpen, type GiftLink } from '../gifts/gift-link-repository.ts';
import { giverNameOf, isOpenedLately, judgeGiftLink, type GiftRefusal, type OpenedGifts } from '../gifts/gift-rules.ts';
import { readGiftToken } from '../gifts/gift-token.ts';

/** What the gift link a reader came with made of their read. */
export type GiftOutcome =
  /** The gift opened the article: "Gifted to you by Ana, a subscriber" (`giverName` null: "by a subscriber"). */
  | { kind: 'granted'; giftId: number; giverName: string | null; isNewOpen: boolean }
  /** The giver, looking at their own link: they see it to copy, with its expiry and opens. */
  | { kind: 'own-link'; gift: GiftLink }
  /** The link does not open the article; the ordinary page says why. */
  | { kind: 'refused'; reason: GiftRefusal }
  /** The reader reads in full without it (entitled, a free article, already counted): the link is left untouched. */
  | { kind: 'not-needed' };

async function meterOf(context: GiftContext, { reader, anonymousMeter, article, timeZone, now }: ReadQuestion): Promise<Meter | null> {
  if (reader.kind === 'anonymous') return anonymousMeter;
  if (reader.kind === 'registered' && article.access === 'metered') return loadReaderMeter(context.db, reader.readerId, meterPeriodOf(now, timeZone));
  return null;
}

const readerIdOf = (reader: Reader): number | null => ('readerId' in reader ? reader.readerId : null);

/**
 * One read of an article by someone who came with a gift link's token. A good link opens the
 * article in full without touching the reader's meter, and counts one open, unless this browser
 * opened it lately (`openedLately`). Any other link leaves the ordinary read, with the reason it did
 * not open. Only the article the link was given for is ever opened: the token is signed over its id.
 */
export async function readWithGift(
  context: GiftContext,
  { token, openedLately, ...question }: ReadQuestion & { token: string; openedLately: OpenedGifts },
): Promise<{ read: ArticleRead; gift: GiftOutcome }> {
  const { article, now } = question;
  const ordinaryRead = () => readArticle(context, question);
  const claim = readGiftToken(token, article.id, context.giftLinkKey);
  const stored = claim === null ? null : await findGiftByTokenHash(context.db, hashToken(claim.token));
  if (stored !== null && stored.accountId === readerIdOf(question.reader)) return { read: await ordinaryRead(), gift: { kind: 'own-link', gift: stored } };

  const hasOpenedLately = stored !== null && isOpenedLately(openedLately, stored.id);
  const verdict = judgeGiftLink({ claim, stored, articleId: article.id, now, hasOpenedLately });
  if (verdict.kind === 'refused' || stored === null) {
    // A reader who reads everything anyway is not told about a link they do not need.
    const isNeeded = !readsWhole(question.reader, article.requiredTier?.slug ?? null) && article.access !== 'free';
    return {
      read: await ordinaryRead(),
      gift: isNeeded ? { kind: 'refused', reason: verdict.kind === 'refused' ? verdict.reason : 'invalid' } : { kind: 'not-needed' },
    };
  }

  const meter = await meterOf(context, question);
  const { decision, isGiftUsed } = decideGiftedAccess({ ...question, article: articleAccessOf(article), meter }, { articleId: stored.articleId });
  if (!isGiftUsed) return { read: { decision, body: cutBody(article, decision), anonymousMeterToStore: null }, gift: { kind: 'not-needed' } };

  const isNewOpen = !hasOpenedLately;
  if (isNewOpen && !(await recordGiftOpen(context.db, { id: stored.id, now }))) {
    // Another reader took the last open, or the giver revoked it, in the meantime: say which.
    const latest = await findGiftById(context.db, stored.id);
    const again = judgeGiftLink({ claim, stored: latest, articleId: article.id, now });
    return { read: await ordinaryRead(), gift: { kind: 'refused', reason: again.kind === 'refused' ? again.reason : 'used-up' } };
  }
  return {
    read: { decision, body: cutBody(article, decision), anonymousMeterToStore: null },
    gift: { kind: 'granted', giftId: stored.id, giverName: giverNameOf(stored.giverName), isNewOpen },
  };
}
