import type { VariantAssignment, Visitor } from '../access/meter-cookie.ts';
import type { Meter } from '../access/meter.ts';
import type { Reader } from '../access/reader.ts';
import type { Visit } from '../insights/visit-source.ts';
import { hasHadTrial } from '../commerce/subscription-repository.ts';
import { findRenamedArticle } from '../content/article-repository.ts';
import type { GiftContext } from '../gifts/give-gift.ts';
import type { OpenedGifts } from '../gifts/gift-rules.ts';
import { seatReader, type Participant } from '../experiments/experiment-seats.ts';
import { changesDecision, changesPaywall } from '../experiments/variant-effects.ts';
import { readWithGift, type GiftOutcome } from './read-with-gift.ts';
import { editionInVariants } from './edition-variants.ts';
import type { Edition } from './edition.ts';
import type { EditionCache } from './edition-cache.ts';
import { choosePaywallOffers, type Paywall } from './paywall-offers.ts';
import { readArticle, type ArticleRead } from './read-article.ts';

export type ReadingContext = GiftContext & { editions: EditionCache };

/**
 * Who reads, as the channel identified them: their reader state, their account's id when they have
 * one (a past trial changes their offers), and an anonymous reader's meter and visitor (their
 * experiments' variants) as their cookie holds them; a channel that keeps no cookie gives no visitor.
 */
export type ArticleReader = {
  reader: Reader;
  accountId: number | null;
  anonymousMeter: Meter | null;
  visitor?: Visitor | null;
  /** Where the read came from when the channel knows better than the request: a newsletter link honoured for its recipient. */
  visit?: Visit;
};

/**
 * What the experiments made of a read: the variants that changed what the reader sees (each an
 * exposure, for the ledger), and the browser's visitor to hand back when it was given a new variant.
 */
export type ExperimentsMet = { exposures: VariantAssignment[]; visitorToStore: Visitor | null };

/** Where an article is published now, for a channel to make its own address of. */
export type CurrentAddress = { slug: string; section: { slug: string } };

/**
 * What became of a read at an address. `moved`: the article was renamed after publication, or moved
 * to another section, and `to` is where it is now. `found` carries the reader as the channel
 * identified them (`reader`), the read (decision, cut body, meter to store), what a gift link made of
 * it (null without one) and, when the reader gets the preview, the paywall's offers.
 */
export type ReadingOutcome<Identified extends ArticleReader> =
  | {
      kind: 'found';
      /** The edition as this reader saw it: their variants' settings, offers and wording. */
      edition: Edition;
      reader: Identified;
      read: ArticleRead;
      gift: GiftOutcome | null;
      paywall: Paywall | null;
      experiments: ExperimentsMet;
    }
  | { kind: 'moved'; to: CurrentAddress }
  | { kind: 'missing' };

export type FoundArticle<Identified extends ArticleReader> = Extract<ReadingOutcome<Identified>, { kind: 'found' }>;

/**
 * One read of a published article at `address`, for any channel (the site's page, the apps' API, a
 * gift link), on a `visit` (where the request came from, which meter rules turn on, unless the
 * identified reader names their own): find it,
 * decide and record the read (through the gift link when `giftLink` is given),
 * cut the body and choose the paywall's offers. The reader is identified (`identify`) only once the
 * article is found at its address (and is told which article, for a token signed over it), so an
 * old or unknown address costs no session lookup and no crawler check; what `identify` gives comes
 * back in the outcome, so a channel keeps its own view of the reader (the site's session, the API's
 * token holder, a newsletter link's recipient).
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
    identify: (article: Edition['article']) => Promise<Identified>;
    giftLink: { token: string; openedLately: OpenedGifts } | null;
  },
): Promise<ReadingOutcome<Identified>> {
  const edition = await context.editions.find(address.slug, now);
  if (edition === null) {
    // An article whose slug changed after publication keeps its old address, as a redirect.
    const renamed = await findRenamedArticle(context.db, address.slug);
    return renamed ? { kind: 'moved', to: renamed } : { kind: 'missing' };
  }
  const { article, chrome } = edition;
  // An article keeps its slug when it moves section; the old address points to the new one.
  if (article.section.slug !== address.section) return { kind: 'moved', to: article };

  const reader = await identify(article);
  // The variants that change the decision (the meter's limit, the registration wall) are taken before it, those of the paywall only once there is one.
  const seats = seatReader(context.db, { participant: participantOf(reader), running: edition.experiments, now });
  const decisionVariants = await seats.take(
    edition.experiments.filter((experiment) => changesDecision(experiment, { access: article.access, reader: reader.reader })),
  );
  const decided = editionInVariants(edition, decisionVariants);
  const settings = { ...decided.accessSettings, registrationWallAfter: decided.paywallSettings.registrationWallAfter };
  const question = {
    article,
    reader: reader.reader,
    anonymousMeter: reader.anonymousMeter,
    settings,
    meterRules: decided.meterRules,
    visit: reader.visit ?? visit,
    timeZone: chrome.settings.timeZone,
    now,
  };
  const { read, gift } =
    giftLink === null ? { read: await readArticle(context, question), gift: null } : await readWithGift(context, { ...question, ...giftLink });
  const { decision } = read;
  if (decision.access === 'full') {
    const experiments = { exposures: decisionVariants, visitorToStore: seats.visitorToStore() };
    return { kind: 'found', edition: decided, reader, read, gift, paywall: null, experiments };
  }
  const paywallVariants = await seats.take(edition.experiments.filter((experiment) => changesPaywall(experiment, decision.wall)));
  const seen = editionInVariants(edition, [...decisionVariants, ...paywallVariants]);
  const hasUsedTrial = reader.accountId !== null && (await hasHadTrial(context.db, reader.accountId));
  const offers = choosePaywallOffers({
    offers: seen.offers,
    plans: seen.plans,
    now,
    hasUsedTrial,
    chosenOfferIds: seen.paywallSettings.offerIds,
    requiredTier: article.requiredTier?.slug ?? null,
  });
  const experiments = { exposures: [...decisionVariants, ...paywallVariants], visitorToStore: seats.visitorToStore() };
  return { kind: 'found', edition: seen, reader, read, gift, paywall: { hasUsedTrial, offers }, experiments };
}

/** Who holds this reader's variants: an anonymous reader's browser, a registered reader's account, or nobody. */
function participantOf({ reader, visitor }: ArticleReader): Participant {
  if (reader.kind === 'anonymous') return visitor === undefined ? { kind: 'none' } : { kind: 'visitor', visitor };
  return reader.kind === 'registered' ? { kind: 'account', accountId: reader.readerId } : { kind: 'none' };
}
