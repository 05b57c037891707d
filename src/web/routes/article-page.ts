import type { Reader } from '../../access/reader.ts';
import type { Edition } from '../../reading/edition.ts';
import type { Paywall } from '../../reading/paywall-offers.ts';
import type { ArticleRead } from '../../reading/read-article.ts';
import { readerLinksFor, renderPage } from '../render-page.ts';
import type { SlottedPage } from '../reader-slots.ts';
import { readerSlotMarkers } from '../reader-slots.ts';
import { hasSubscription } from '../../http/reader-identity.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { articlePath } from '../../http/urls.ts';
import { accessLabelOf } from '../../access/access-label.ts';
import { toArticleView, type ArticleAccessView } from '../views/article-view.ts';
import { articleMeta } from '../views/meta-view.ts';
import { toOfferView } from '../views/offer-view.ts';
import { toPaywallView } from '../views/paywall-view.ts';
import type { ArticleGiftView } from '../gifts/gift-views.ts';
import { wordingOf } from './article-wording.ts';

/** Whether a subscriber's page offers gifts to give ('give'), says their gifts are spent, or shows no gift panel. */
export type GiftPanelState = 'none' | 'give' | 'spent';

/**
 * Everything a kept article page varies with besides its edition: one page per reader state. The
 * reader's own details (name, form token, the words of their notice, their gift count) are slots
 * filled per request, so they are not part of it.
 */
export function articlePageKey({
  edition,
  reader,
  isSignedIn,
  read,
  paywall,
  hasNotice,
  giftPanel,
}: {
  edition: Edition;
  reader: Reader;
  isSignedIn: boolean;
  read: ArticleRead;
  paywall: Paywall | null;
  hasNotice: boolean;
  giftPanel: GiftPanelState;
}): string {
  const { decision } = read;
  return [
    edition.key,
    reader.kind,
    isSignedIn,
    // Whether the reader has had a trial changes the offers on their paywall.
    paywall?.hasUsedTrial ?? false,
    decision.access,
    hasNotice,
    giftPanel,
    JSON.stringify(decision.access === 'full' ? null : decision.wall),
  ].join(':');
}

/** The article page for one reader state, with the reader's own details left as slots. */
export function renderArticlePage(
  deps: ReaderSiteDeps,
  {
    edition,
    read,
    paywall,
    reader,
    isSignedIn,
    hasNotice,
    gift,
    isIndexable,
  }: {
    edition: Edition;
    read: ArticleRead;
    paywall: Paywall | null;
    reader: Reader;
    isSignedIn: boolean;
    hasNotice: boolean;
    gift: ArticleGiftView | null;
    isIndexable: boolean;
  },
): SlottedPage {
  const { article, related, chrome, plans } = edition;
  const { decision } = read;
  const masthead = { isSignedIn, hasSubscription: hasSubscription({ reader }), returnPath: articlePath(article) };
  const readerLinks = readerLinksFor(masthead);
  // The notice's words are the reader's own (their count, or their welcome), so the page holds a slot for them.
  let accessView: ArticleAccessView = { isPreview: false, notice: hasNotice ? { text: readerSlotMarkers.notice } : null, paywall: null, staffNote: null };
  if (decision.access === 'preview' && paywall !== null) {
    const returnPath = articlePath(article);
    const offerViews = paywall.offers.map(({ offer, plan, isBest }) => toOfferView({ offer, plan, plans, settings: chrome.settings, returnPath, isBest }));
    accessView = {
      isPreview: true,
      notice: null,
      paywall: toPaywallView(decision.wall, { isSignedIn, returnPath, offers: offerViews, csrfToken: readerLinks.csrfToken }, wordingOf(edition)),
      staffNote: null,
    };
  }
  if (reader.kind === 'staff') {
    accessView.staffNote = `Staff view · ${accessLabelOf(article.access) || 'Metered'} (${article.access})`;
  }
  const page = toArticleView({ article, body: read.body, accessView, related, settings: chrome.settings, publicUrl: deps.publicUrl, gift });
  const indexedMeta = articleMeta({ article, publicUrl: deps.publicUrl, settings: chrome.settings });
  // An address with a gift link's token is never indexed; its canonical address stays the plain article's.
  const meta = isIndexable ? indexedMeta : { ...indexedMeta, robots: 'noindex' };
  return renderPage(deps, { chrome, template: 'article', page, meta, masthead, currentSectionSlug: article.section.slug });
}
