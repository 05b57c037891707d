import type { Meter } from '../access/meter.ts';
import type { Reader } from '../access/reader.ts';
import type { Visit } from '../insights/visit-source.ts';
import { hasHadTrial } from '../commerce/subscription-repository.ts';
import { findRenamedArticle } from '../content/article-repository.ts';
import type { GiftContext } from '../gifts/give-gift.ts';
import type { OpenedGifts } from '../gifts/gift-rules.ts';
import { readWithGift, type GiftOutcome } from './read-with-gift.ts';
import type { Edition } from './edition.ts';
import type { EditionCache } from './edition-cache.ts';
import { choosePaywallOffers, type Paywall } from './paywall-offers.ts';
import { readArticle, type ArticleRead } from './read-article.ts';

export type ReadingContext = GiftContext & { editions: EditionCache };

/**
 * Who reads, as the channel identified them: their reader state, their account's id when they have
 * one (a past trial changes their offers), and an anonymous reader's meter as their cookie holds it.
 */
export type ArticleReader = { reader: Reader; accountId: number | null; anonymousMeter: Meter | null };

/** Where an article is published now, for a channel to make its own address of. */
export type CurrentAddress = { slug: string; section: { slug: string } };

/**
 * What became of a read at an address. `moved`: the article was renamed after publication, or moved
 * to another section, and `to` is where it is now. `found` carries the reader as the channel
 * identified them (`reader`), the read (decision, cut body, meter to store), what a gift link made of
 * it (null without one) and, when the reader gets the preview, the paywall's offers.
 */
export type ReadingOutcome<Identified extends ArticleReader> =
  | { kind: 'found'; edition: Edition; reader: Identified; read: ArticleRead; gift: GiftOutcome | null; paywall: Paywall | null }
  | { kind: 'moved'; to: CurrentAddress }
  | { kind: 'missing' };

export type FoundArticle<Identified extends ArticleReader> = Extract<ReadingOutcome<Identified>, { kind: 'found' }>;

/**
 * One read of a published article at `address`, for any channel (the site's page, the apps' API, a
 * gift link), on a `visit` (where the request came from, which meter rules turn on): find it,
 * decide and record the read (through the gift link when `giftLink` is given),
 * cut the body and choose the paywall's offers. The reader is identified (`identify`) only once the
 * article is found at its address, so an old or unknown address costs no session lookup and no
 * crawler check; what `identify` gives comes back in the outcome, so a channel keeps its own view of
 * the reader (the site's session, the API's token holder).
 */
export async function readPublishedArticle<Identified extends ArticleReader>(
  context: ReadingContext,
  {
    address,
    visit,
    now,
    identify,
    giftLink,
  }: {
    address: { section: string; slug: string };
    visit: Visit;
    now: Date;
    identify: () => Promise<Identified>;
    giftLink: { token: string; openedLately: OpenedGifts } | null;
  },
): Promise<ReadingOutcome<Identified>> {
  const edition = await context.editions.find(address.slug, now);
  if (edition === null) {
    // An article whose slug changed after publication keeps its old address, as a redirect.
    const renamed = await findRenamedArticle(context.db, address.slug);
    return renamed ? { kind: 'moved', to: renamed } : { kind: 'missing' };
  }
  const { article, accessSettings, meterRules, chrome } = edition;
  // An article keeps its slug when it moves section; the old address points to the new one.
  if (article.section.slug !== address.section) return { kind: 'moved', to: article };

  const reader = await identify();
  const question = {
    article,
    reader: reader.reader,
    anonymousMeter: reader.anonymousMeter,
    settings: accessSettings,
    meterRules,
    visit,
    timeZone: chrome.settings.timeZone,
    now,
  };
  const { read, gift } =
    giftLink === null ? { read: await readArticle(context, question), gift: null } : await readWithGift(context, { ...question, ...giftLink });
  if (read.decision.access === 'full') return { kind: 'found', edition, reader, read, gift, paywall: null };
  const hasUsedTrial = reader.accountId !== null && (await hasHadTrial(context.db, reader.accountId));
  const paywall = { hasUsedTrial, offers: choosePaywallOffers({ offers: edition.offers, plans: edition.plans, now, hasUsedTrial }) };
  return { kind: 'found', edition, reader, read, gift, paywall };
}
