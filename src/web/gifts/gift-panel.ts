import type { Article } from '../../content/article.ts';
import type { GiftOutcome } from '../../reading/read-with-gift.ts';
import type { Edition } from '../../reading/edition.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { readerSlotMarkers } from '../reader-slots.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { giftLinkUrl, giftPaths } from './gift-paths.ts';
import { opensLabelOf, type GiftPanelView } from './gift-views.ts';

/** "Gift this article" on an article page; the reader's form token and gift count are slots. */
export function giftPanelOf(article: Article, { canGive, link }: Pick<GiftPanelView, 'canGive' | 'link'>): GiftPanelView {
  return {
    giveUrl: giftPaths.give,
    articleSlug: article.slug,
    csrfToken: readerSlotMarkers.csrfToken,
    canGive,
    giftsLeft: readerSlotMarkers.giftsLeft,
    link,
    accountUrl: accountPaths.account,
  };
}

/** The giver's own link, when the one they came with is theirs: to copy, with its expiry and opens. */
export function ownLinkOf(
  gift: GiftOutcome,
  { edition: { article, chrome }, token, publicUrl, now }: { edition: Edition; token: string; publicUrl: URL; now: Date },
): GiftPanelView['link'] {
  if (gift.kind !== 'own-link') return null;
  const { expiresAt, revokedAt } = gift.gift;
  return {
    url: giftLinkUrl(publicUrl, article, token),
    expiresLabel: formatPublicationTime(expiresAt, chrome.settings),
    opensLabel: opensLabelOf(gift.gift),
    isRevoked: revokedAt !== null,
    isExpired: expiresAt <= now,
  };
}
