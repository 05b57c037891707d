import { formatAccessMessage, type AccessMessageKey, type AccessMessages } from '../../access/messages.ts';
import type { GivenGift } from '../../gifts/gift-link-repository.ts';
import type { GiftRefusal } from '../../gifts/gift-rules.ts';
import type { GiftOutcome } from '../../reading/read-with-gift.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { articlePath } from '../../http/urls.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { giftPaths } from './gift-paths.ts';

/**
 * What an article page shows of gifts. Every string is plain text. A reader who came with a gift
 * link sees `givenBy` (it opened the article) or `refusal` (it did not, and why); a subscriber sees
 * `panel`, to give the article.
 */
export type ArticleGiftView = {
  /** "Gifted to you by Ana, a subscriber". */
  givenBy: string | null;
  /** "This gift link has expired", above the ordinary page. */
  refusal: string | null;
  panel: GiftPanelView | null;
  /** For a reader without a subscription who came by a gift link: "Enjoyed this article? Subscribe to …", linking to the offers. */
  subscribePrompt: { text: string; url: string } | null;
};

/**
 * "Gift this article": a form posting `article` (the slug) and `_csrf` to `giveUrl`, shown while the
 * subscriber has gifts left (`canGive`), with the count (`giftsLeft`, "You have 9 gifts left this
 * month"). Right after giving, `link` is the new link, to copy.
 */
export type GiftPanelView = {
  giveUrl: string;
  articleSlug: string;
  csrfToken: string;
  canGive: boolean;
  giftsLeft: string;
  link: GivenLinkView | null;
  accountUrl: string;
};

/**
 * The page a subscriber sees right after giving: the new link to copy, on an address of its own, so
 * their address bar never holds the gift link (nor does their history, nor a tab they share).
 */
export type GiftGivenPageView = {
  headline: string;
  articleUrl: string;
  link: GivenLinkView;
  giftsLeft: string;
  accountUrl: string;
};

/** The giver's own link: its address, until when it opens and how often it has. */
export type GivenLinkView = { url: string; expiresLabel: string; opensLabel: string; isRevoked: boolean; isExpired: boolean };

/** The giver's links on the account page, each with a Revoke form (posting `_csrf`) while it still opens. */
export type GiftListView = {
  giftsLeft: string;
  gifts: readonly {
    headline: string;
    articleUrl: string;
    createdLabel: string;
    expiresLabel: string;
    opensLabel: string;
    /** "Opens", "Revoked", "Expired", "Used up". */
    statusLabel: string;
    status: 'open' | 'revoked' | 'expired' | 'used-up';
    revokeUrl: string | null;
  }[];
};

const refusalMessages: Record<GiftRefusal, AccessMessageKey> = {
  invalid: 'giftLinkInvalid',
  expired: 'giftLinkExpired',
  revoked: 'giftLinkRevoked',
  'used-up': 'giftLinkUsedUp',
};

type Wording = { messages: AccessMessages; locale: string };

/** The line a gift outcome puts above the article: who gave it, or why it did not open. */
export function giftLinesOf(outcome: GiftOutcome | null, { messages, locale }: Wording): Pick<ArticleGiftView, 'givenBy' | 'refusal'> {
  if (outcome?.kind === 'granted') {
    const givenBy =
      outcome.giverName === null
        ? formatAccessMessage(messages, 'giftedBySubscriber', locale)
        : formatAccessMessage(messages, 'giftedBy', locale, { giver: outcome.giverName });
    return { givenBy, refusal: null };
  }
  if (outcome?.kind === 'refused') return { givenBy: null, refusal: formatAccessMessage(messages, refusalMessages[outcome.reason], locale) };
  return { givenBy: null, refusal: null };
}

export function giftsLeftText(left: number, { messages, locale }: Wording): string {
  return formatAccessMessage(messages, 'giftsLeft', locale, { n: left });
}

export function opensLabelOf({ opensCount, maxOpens }: { opensCount: number; maxOpens: number }): string {
  return `Opened ${opensCount} of ${maxOpens} ${maxOpens === 1 ? 'time' : 'times'}`;
}

function statusOf(gift: GivenGift, now: Date): GiftListView['gifts'][number]['status'] {
  if (gift.revokedAt !== null) return 'revoked';
  if (gift.expiresAt <= now) return 'expired';
  return gift.opensCount >= gift.maxOpens ? 'used-up' : 'open';
}

const statusLabels = { open: 'Opens', revoked: 'Revoked', expired: 'Expired', 'used-up': 'Used up' } as const;

export function toGiftListView(
  gifts: readonly GivenGift[],
  { giftsLeft, settings, now }: { giftsLeft: string; settings: Pick<PublicationSettings, 'locale' | 'timeZone'>; now: Date },
): GiftListView {
  return {
    giftsLeft,
    gifts: gifts.map((gift) => {
      const status = statusOf(gift, now);
      return {
        headline: gift.headline,
        articleUrl: articlePath({ slug: gift.articleSlug, section: { slug: gift.sectionSlug } }),
        createdLabel: formatPublicationTime(gift.createdAt, settings),
        expiresLabel: formatPublicationTime(gift.expiresAt, settings),
        opensLabel: opensLabelOf(gift),
        statusLabel: statusLabels[status],
        status,
        revokeUrl: status === 'revoked' || status === 'expired' ? null : giftPaths.revoke(gift.id),
      };
    }),
  };
}
