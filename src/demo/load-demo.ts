import type { Database } from '../db/database.ts';
import { hasAllRenditions, writeImageRenditions } from '../content/image-renditions.ts';
import { findImageByKey, insertImage } from '../content/image-repository.ts';
import { saveAuthor, saveSection, saveSponsor } from '../content/masthead-repository.ts';
import { writeArticle } from '../content/save-article.ts';
import type { DemoArticle } from './demo-article.ts';
import { demoArticles } from './demo-articles.ts';
import { drawLeadImage } from './lead-image.ts';
import { writePublicationSettings } from '../settings/settings-repository.ts';
import {
  demoAuthors,
  demoGiftSubscriptions,
  demoNewsletterSender,
  demoNewsletters,
  demoOffers,
  demoPlans,
  demoPublication,
  demoSections,
  demoSponsors,
} from './publication.ts';
import { saveOffer, savePlan } from '../commerce/catalogue-repository.ts';
import { defaultGiftSubscriptionSettings, writeGiftSubscriptionSettings } from '../gift-subscriptions/gift-subscription-settings.ts';

const leadImageSize = { width: 1600, height: 900 };

function lookUp(ids: ReadonlyMap<string, number>, slug: string, what: string, article: DemoArticle): number {
  const id = ids.get(slug);
  if (id === undefined) throw new Error(`Demo article ${article.slug} names an unknown ${what} "${slug}"`);
  return id;
}

/** Is there nothing yet to show? The demo fills only a database that has no sections and no articles. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const sections = await db.selectFrom('sections').select('id').limit(1).execute();
  const articles = await db.selectFrom('articles').select('id').limit(1).execute();
  return sections.length === 0 && articles.length === 0;
}

/**
 * Loads the demo publication. Image files are written first (under fixed names, so a repeated load
 * rewrites the same files); every row goes in one transaction, so an interrupted load leaves either
 * the whole publication or nothing. Loading again updates the same articles in place.
 */
export async function loadDemoPublication(db: Database, { mediaDir, now }: { mediaDir: string; now: Date }): Promise<number> {
  // A few at a time: sharp works on its own threads, and the two cores stay busy without queueing all.
  const pending = [...demoArticles];
  const drawNext = async (): Promise<void> => {
    const article = pending.shift();
    if (!article) return;
    const key = `demo-${article.slug}`;
    if (!(await hasAllRenditions({ key, width: leadImageSize.width, mediaDir }))) {
      const svg = drawLeadImage({ motif: article.image.motif, light: article.image.light, seed: article.slug, ...leadImageSize });
      await writeImageRenditions({ source: Buffer.from(svg), key, mediaDir });
    }
    await drawNext();
  };
  await Promise.all([drawNext(), drawNext(), drawNext()]);

  return db.transaction().execute(async (trx) => {
    await writePublicationSettings(trx, demoPublication, now);
    const sectionIds = new Map<string, number>();
    for (const [position, section] of demoSections.entries()) {
      sectionIds.set(section.slug, await saveSection(trx, { ...section, position }, now));
    }
    const authorIds = new Map<string, number>();
    for (const author of demoAuthors) authorIds.set(author.slug, await saveAuthor(trx, author, now));
    const sponsorIds = new Map<string, number>();
    for (const sponsor of demoSponsors) sponsorIds.set(sponsor.slug, await saveSponsor(trx, sponsor, now));
    const planIds = new Map<string, number>();
    for (const plan of demoPlans) planIds.set(plan.slug, await savePlan(trx, { ...plan, benefits: [...plan.benefits] }, now));
    await trx
      .insertInto('newsletters')
      .values(
        demoNewsletters.map((newsletter) => ({
          ...newsletter,
          sender_name: demoNewsletterSender.name,
          sender_email: demoNewsletterSender.email,
          daily_section_id: null,
          daily_send_time: null,
          status: 'active' as const,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })),
      )
      .execute();
    const offerIds = new Map<string, number>();
    for (const { endsInDays, ...offer } of demoOffers) {
      const offerId = await saveOffer(
        trx,
        {
          ...offer,
          terms: { ...offer.terms },
          startsAt: null,
          endsAt: endsInDays === null ? null : endOfDayAfter(now, endsInDays),
          redemptionCap: null,
          isRetired: false,
        },
        now,
      );
      offerIds.set(offer.slug, offerId);
    }
    await writeGiftSubscriptionSettings(
      trx,
      {
        ...defaultGiftSubscriptionSettings,
        planId: planIds.get(demoGiftSubscriptions.planSlug) ?? null,
        pricesMinor: { ...demoGiftSubscriptions.pricesMinor },
        continuationOfferId: offerIds.get(demoGiftSubscriptions.continuationOfferSlug) ?? null,
      },
      now,
    );

    for (const article of demoArticles) {
      const key = `demo-${article.slug}`;
      const imageId = (await findImageByKey(trx, key))?.id ?? (await insertImage(trx, { key, ...leadImageSize, alt: article.image.alt, createdAt: now }));
      const publishedAt = new Date(now.getTime() - article.hoursAgo * 3_600_000);
      await writeArticle(
        trx,
        {
          slug: article.slug,
          sectionId: lookUp(sectionIds, article.section, 'section', article),
          headline: article.headline,
          standfirst: article.standfirst,
          dateline: article.dateline,
          authorIds: article.authors.map((slug) => lookUp(authorIds, slug, 'author', article)),
          bodyMarkdown: article.body,
          leadImage: { imageId, caption: article.image.caption, credit: article.image.credit },
          access: article.access,
          previewBlockCount: 2,
          status: 'published',
          sponsorId: article.sponsor === undefined ? null : lookUp(sponsorIds, article.sponsor, 'sponsor', article),
          publishedAt,
        },
        publishedAt,
      );
    }
    return demoArticles.length;
  });
}

/** Midnight (UTC) some days on: an offer's end, so that it ends at the close of a day. */
function endOfDayAfter(now: Date, days: number): Date {
  const end = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  end.setUTCHours(24, 0, 0, 0);
  return end;
}
