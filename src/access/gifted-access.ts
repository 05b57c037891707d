import { decideAccess, type AccessDecision, type AccessQuestion } from './decide-access.ts';

/** A gift link the reader came with that has been judged good: it opens the one article it was given for. */
export type GiftPass = { articleId: number };

export type GiftedDecision = {
  decision: AccessDecision;
  /** The gift is what opened the article, so it counts as one of the link's opens. */
  isGiftUsed: boolean;
};

/**
 * Decides a read made with a gift link, on top of the ordinary decision: a gift opens its own
 * article in full without touching the meter, and nothing else. Where the reader would read in full
 * at no cost anyway (entitled readers, free articles, a registered article for a registered reader,
 * a metered article already counted this month), the gift is not used, so its opens are kept for
 * the people it was meant for. Pure, like decideAccess.
 */
export function decideGiftedAccess(question: AccessQuestion, gift: GiftPass | null): GiftedDecision {
  const ordinary = decideAccess(question);
  if (gift === null || gift.articleId !== question.article.id) return { decision: ordinary, isGiftUsed: false };
  if (ordinary.access === 'full' && !ordinary.countsRead) return { decision: ordinary, isGiftUsed: false };
  // The gift, not the meter, opens it: no meter rule applies to the read.
  return { decision: { access: 'full', meter: question.meter, countsRead: false, notice: null, rule: null, meterLimit: null }, isGiftUsed: true };
}
