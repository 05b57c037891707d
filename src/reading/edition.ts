import type { AccessSettings } from '../access/access-settings.ts';
import type { AccessMessages } from '../access/messages.ts';
import type { MeterRule } from '../access/meter-rules.ts';
import type { PaywallSettings } from '../access/paywall-settings.ts';
import { listOffers, listPlans } from '../commerce/catalogue-repository.ts';
import type { Offer, Plan } from '../commerce/plan.ts';
import type { Article, ArticleSummary, Section } from '../content/article.ts';
import { findPublishedArticle, listPublishedArticles } from '../content/article-repository.ts';
import type { Database } from '../db/database.ts';
import type { RunningExperiment } from '../experiments/experiment.ts';
import { listRunningExperiments } from '../experiments/experiment-repository.ts';
import { readAccessSettings } from '../settings/access-settings-repository.ts';
import { listRulesInForce } from '../settings/meter-rule-repository.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import { readPaywallSettings } from '../settings/paywall-settings-repository.ts';
import { readAccessMessages } from '../settings/settings-repository.ts';

/** How many articles of its section a published article is shown with. */
const relatedCount = 3;

/** The publication's settings and sections, which every page's masthead and menu show (the site keeps them per content version). */
export type EditionChrome = { settings: PublicationSettings; sections: Section[] };

/**
 * A published article and everything shown with it that is the same for every reader: its section's
 * other articles, the publication's settings, the meter's settings and wording, the offers and plans
 * of its paywall. What one reader may read of it is decided per read; the edition is kept per
 * content version, so every change a save makes comes with a new one.
 */
export type Edition = {
  /** Which edition this is (content version, minute and slug): what is made of it may be kept under this key. */
  key: string;
  article: Article;
  related: ArticleSummary[];
  chrome: EditionChrome;
  accessSettings: AccessSettings;
  /** The meter rules in force, in the order they are tried. */
  meterRules: MeterRule[];
  paywallSettings: PaywallSettings;
  offers: Offer[];
  plans: Plan[];
  messages: AccessMessages;
  /** The experiments running as of this edition; a reader in one of their variants reads a variant of the edition (edition-variants.ts). */
  experiments: readonly RunningExperiment[];
};

export type EditionSources = { db: Database; chrome: () => Promise<EditionChrome> };

/** The edition of the article published under `slug` as of `now`, from the database; null when none is. */
export async function loadEdition({ db, chrome }: EditionSources, { key, slug, now }: { key: string; slug: string; now: Date }): Promise<Edition | null> {
  const article = await findPublishedArticle(db, slug, now);
  if (!article) return null;
  const [chromeNow, accessSettings, meterRules, paywallSettings, related, offers, plans, messages, experiments] = await Promise.all([
    chrome(),
    readAccessSettings(db),
    listRulesInForce(db),
    readPaywallSettings(db),
    listPublishedArticles(db, { now, sectionId: article.section.id, excludeId: article.id, limit: relatedCount }),
    listOffers(db),
    listPlans(db),
    readAccessMessages(db),
    listRunningExperiments(db),
  ]);
  return { key, article, related, chrome: chromeNow, accessSettings, meterRules, paywallSettings, offers, plans, messages, experiments };
}
